namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>This store's own price (fen) and promotion text for a SKU: "a thousand stores, a thousand faces".</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreCatalogEntry")]
public sealed record StoreCatalogEntry(
    [property: Id(0)] string Sku,
    [property: Id(1)] long Price,
    [property: Id(2)] string? Promotion)
{
    public const int MaxPromotionLength = 200;

    public Validation Validate() =>
        new Validation()
            .RequireId(Sku, "sku")
            .Require(Price is > 0 and <= SkuProfile.MaxPrice, "price", $"price must be between 1 and {SkuProfile.MaxPrice} fen.")
            .RequirePlainText(Promotion, "promotion", MaxPromotionLength);
}
