namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One SKU on a store page: this store's price (or the list price) and the region's available quantity.</summary>
[GenerateSerializer, Immutable, Alias("pd.StorePageItem")]
public sealed record StorePageItem(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] long ListPrice,
    [property: Id(3)] long Price,
    [property: Id(4)] string? Promotion,
    [property: Id(5)] long Available);
