namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A sale rung up in a store by a guide; idempotent on <see cref="SaleId"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.InStoreSale")]
public sealed record InStoreSale(
    [property: Id(0)] string SaleId,
    [property: Id(1)] string StoreId,
    [property: Id(2)] string GuideId,
    [property: Id(3)] string? MemberId,
    [property: Id(4)] long Amount,
    [property: Id(5)] DateTimeOffset At)
{
    public Validation Validate() =>
        new Validation()
            .RequireId(SaleId, "saleId")
            .RequireId(StoreId, "storeId")
            .RequireId(GuideId, "guideId")
            .Require(MemberId is null || Validation.IsValidId(MemberId), "memberId", "memberId is not a valid id.")
            .Require(Amount is > 0 and <= SkuProfile.MaxPrice * 100, "amount", "amount must be a positive number of fen.");
}
