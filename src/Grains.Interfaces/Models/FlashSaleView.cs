namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A flash sale as viewers see it: <see cref="Remaining"/> is what can still be bought (units held by unpaid orders come back if those lapse).</summary>
[GenerateSerializer, Immutable, Alias("pd.FlashSaleView")]
public sealed record FlashSaleView(
    [property: Id(0)] string SaleId,
    [property: Id(1)] string Sku,
    [property: Id(2)] long Price,
    [property: Id(3)] int Quantity,
    [property: Id(4)] int Remaining,
    [property: Id(5)] FlashSaleStatus Status);
