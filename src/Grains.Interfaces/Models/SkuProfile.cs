namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>The product master: one SKU's name and list price (in fen).</summary>
[GenerateSerializer, Immutable, Alias("pd.SkuProfile")]
public sealed record SkuProfile(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] long ListPrice)
{
    /// <summary>10 million yuan: far above any real list price, far below overflow when multiplied by quantities.</summary>
    public const long MaxPrice = 1_000_000_000;

    public Validation Validate() =>
        new Validation()
            .RequireId(Sku, "sku")
            .RequireName(Name, "name")
            .Require(ListPrice is > 0 and <= MaxPrice, "listPrice", $"listPrice must be between 1 and {MaxPrice} fen.");
}
