namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A request to hold regional stock while the customer pays. Idempotent on <see cref="ReservationId"/>.
/// <see cref="OwnerId"/> is the member the stock is held for: one who reserved through the API (<see cref="IsMembersOwn"/>:
/// only they may confirm or release it there), or whose order it is (<see cref="OrderId"/>: managed by the order). A
/// live room's flash-sale reservation has none and is managed by the room.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ReservationRequest")]
public sealed record ReservationRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] double Latitude,
    [property: Id(3)] double Longitude,
    [property: Id(4)] FulfilmentMode Mode,
    [property: Id(5)] string? PickupStoreId = null,
    [property: Id(6)] int? TtlSeconds = null,
    [property: Id(7)] string? OrderId = null,
    [property: Id(8)] string? OwnerId = null)
{
    public const int MaxQuantity = 10_000;

    public GeoPoint Position => new(Latitude, Longitude);

    /// <summary>Made by a member through the reservation routes, not for an order: its id is the client's.</summary>
    public bool IsMembersOwn => OwnerId is not null && OrderId is null;

    public Validation Validate() =>
        new Validation()
            .RequireId(ReservationId, "reservationId", IsMembersOwn ? Validation.MaxIdLength : Validation.MaxSystemIdLength)
            .Require(Quantity is >= 1 and <= MaxQuantity, "quantity", $"quantity must be between 1 and {MaxQuantity}.")
            .RequirePosition(Latitude, Longitude)
            .Require(Enum.IsDefined(Mode), "mode", "mode must be 'ship' or 'pickup'.")
            .Require(Mode != FulfilmentMode.Pickup || Validation.IsValidId(PickupStoreId), "pickupStoreId", "pickupStoreId is required for pick-up.")
            .Require(TtlSeconds is null or >= 1, "ttlSeconds", "ttlSeconds must be at least 1.")
            .Require(OrderId is null || Validation.IsValidId(OrderId), "orderId", "orderId is not a valid id.")
            .Require(OwnerId is null || Validation.IsValidId(OwnerId), "ownerId", "ownerId is not a valid id.");
}
