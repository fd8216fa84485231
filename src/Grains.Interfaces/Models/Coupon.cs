namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A member's coupon: <see cref="AmountOff"/> fen off an order of at least <see cref="MinSpend"/>, until it expires or is used.</summary>
[GenerateSerializer, Immutable, Alias("pd.Coupon")]
public sealed record Coupon(
    [property: Id(0)] string CouponId,
    [property: Id(1)] long AmountOff,
    [property: Id(2)] long MinSpend,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? UsedByOrderId = null)
{
    public Validation Validate() =>
        new Validation()
            .RequireId(CouponId, "couponId", Validation.MaxSystemIdLength)
            .Require(AmountOff is > 0 and <= SkuProfile.MaxPrice, "amountOff", "amountOff must be a positive number of fen.")
            .Require(MinSpend >= AmountOff && MinSpend <= SkuProfile.MaxPrice * 100, "minSpend", "minSpend must be at least amountOff.");
}
