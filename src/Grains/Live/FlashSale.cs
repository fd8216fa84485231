using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>A flash sale's stock: the pool reservation it came from, and per store what is still free to buy.</summary>
[GenerateSerializer, Immutable, Alias("pd.FlashSale")]
public sealed record FlashSale(
    [property: Id(0)] string SaleId,
    [property: Id(1)] string Sku,
    [property: Id(2)] long Price,
    [property: Id(3)] int Quantity,
    [property: Id(4)] string PoolReservationId,
    [property: Id(5)] ImmutableDictionary<string, int> Free,
    [property: Id(6)] FlashSaleStatus Status)
{
    public int Remaining => Free.Values.Sum();

    public FlashSaleView View => new(SaleId, Sku, Price, Quantity, Status == FlashSaleStatus.Active ? Remaining : 0, Status);

    public FlashSale Add(IEnumerable<Allocation> units) =>
        this with { Free = units.Aggregate(Free, (free, u) => free.SetItem(u.StoreId, free.GetValueOrDefault(u.StoreId) + u.Quantity)) };
}
