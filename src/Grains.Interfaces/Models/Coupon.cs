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
    /// <summary>
    /// How long a member keeps a coupon after it lapsed, used or not: long past any order that could still use or
    /// return it (an order is paid within a day of being placed), and long enough to show in the member's profile.
    /// </summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(30);

    /// <summary>Coupons a member keeps at once — ample for people, a bound on a state written with every purchase.</summary>
    public const int MaxKeptPerMember = 500;

    public Validation Validate() =>
        new Validation()
            .RequireId(CouponId, "couponId", Validation.MaxSystemIdLength)
            .Require(AmountOff is > 0 and <= SkuProfile.MaxPrice, "amountOff", "amountOff must be a positive number of fen.")
            .Require(MinSpend >= AmountOff && MinSpend <= SkuProfile.MaxPrice * 100, "minSpend", "minSpend must be at least amountOff.");
}
