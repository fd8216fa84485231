using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A member's order as placed: every line is reserved in its SKU-region pool, all or nothing, at the prices of the
/// store the member entered. Idempotent on the order id.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.PlaceOrder")]
public sealed record PlaceOrder(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string RegionId,
    [property: Id(2)] string StoreId,
    [property: Id(3)] ImmutableArray<OrderLineRequest> Lines,
    [property: Id(4)] FulfilmentMode Mode,
    [property: Id(5)] double Latitude,
    [property: Id(6)] double Longitude,
    [property: Id(7)] string? PickupStoreId = null,
    [property: Id(8)] string? GuideId = null,
    [property: Id(9)] string? LiveRoomId = null,
    [property: Id(10)] string? CouponId = null,
    [property: Id(11)] int? TtlSeconds = null,
    [property: Id(12)] FlashSaleOrder? FlashSale = null)
{
    public const int MaxLines = 50;

    public Validation Validate()
    {
        var validation = new Validation()
            .RequireId(MemberId, "memberId")
            .RequireId(RegionId, "regionId")
            .RequireId(StoreId, "storeId")
            .Require(!Lines.IsDefaultOrEmpty && Lines.Length <= MaxLines, "lines", $"lines must hold 1 to {MaxLines} lines.")
            .Require(Enum.IsDefined(Mode), "mode", "mode must be 'ship' or 'pickup'.")
            .RequirePosition(Latitude, Longitude)
            .Require(Mode != FulfilmentMode.Pickup || Validation.IsValidId(PickupStoreId), "pickupStoreId", "pickupStoreId is required for pick-up.")
            .Require(GuideId is null || Validation.IsValidId(GuideId), "guideId", "guideId is not a valid id.")
            .Require(LiveRoomId is null || Validation.IsValidId(LiveRoomId), "liveRoomId", "liveRoomId is not a valid id.")
            .Require(CouponId is null || Validation.IsValidId(CouponId, Validation.MaxSystemIdLength), "couponId", "couponId is not a valid id.")
            .Require(TtlSeconds is null or >= 1, "ttlSeconds", "ttlSeconds must be at least 1.");
        foreach (var line in Lines.IsDefault ? [] : Lines)
        {
            if (line is null)
            {
                validation.Add("lines", "each line is {sku, quantity}, not null.");
                continue;
            }

            validation
                .RequireId(line.Sku, "lines.sku")
                .Require(line.Quantity is >= 1 and <= ReservationRequest.MaxQuantity, "lines.quantity", $"each quantity must be between 1 and {ReservationRequest.MaxQuantity}.");
        }

        if (!Lines.IsDefault && Lines.Select(l => l?.Sku).Distinct(StringComparer.Ordinal).Count() != Lines.Length)
        {
            validation.Add("lines", "each SKU may appear in one line only.");
        }

        if (FlashSale is { } sale)
        {
            validation.Require(!Lines.IsDefault && Lines is [{ } only] && only.Quantity == sale.Units.Sum(u => u.Quantity),
                "lines", "a flash-sale order has one line: the units the room holds for it.");
        }

        return validation;
    }
}
