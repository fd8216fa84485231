namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// Coupons a host drops in a live room: <see cref="Quantity"/> coupons of <see cref="AmountOff"/> fen off an order of
/// at least <see cref="MinSpend"/>, one per member, claimed first come first served; each is good until
/// <see cref="CouponExpiresAt"/>. <see cref="Remaining"/> is what viewers can still claim.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.CouponDropView")]
public sealed record CouponDropView(
    [property: Id(0)] string DropId,
    [property: Id(1)] long AmountOff,
    [property: Id(2)] long MinSpend,
    [property: Id(3)] int Quantity,
    [property: Id(4)] int Remaining,
    [property: Id(5)] DateTimeOffset CouponExpiresAt)
{
    public const int MaxQuantity = 1_000;

    /// <summary>The terms a host chose (a repeated drop must name the same ones).</summary>
    public bool SameTerms(long amountOff, long minSpend, int quantity) => AmountOff == amountOff && MinSpend == minSpend && Quantity == quantity;

    public static Validation ValidateTerms(string dropId, long amountOff, long minSpend, int quantity) =>
        new Validation()
            .RequireId(dropId, "dropId")
            .Require(amountOff is > 0 and <= SkuProfile.MaxPrice, "amountOff", "amountOff must be a positive number of fen.")
            .Require(minSpend >= amountOff && minSpend <= SkuProfile.MaxPrice * 100, "minSpend", "minSpend must be at least amountOff.")
            .Require(quantity is > 0 and <= MaxQuantity, "quantity", $"quantity must be between 1 and {MaxQuantity:N0}.");
}
