using Orleans.Runtime;
using Orleans.Streams;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// The Orleans stream, one per region, on which the region's pools publish their available quantities
/// (<see cref="StockAvailability"/>). Its subscribers are implicit (by namespace), so a pool does not know who reads
/// it: today the store pages' read model, <c>RegionStockGrain</c>, which the stream activates when it is not.
/// </summary>
public static class AvailabilityStream
{
    public const string Namespace = "stock-availability";

    public static IAsyncStream<StockAvailability> Of(IStreamProvider streams, string regionId) =>
        streams.GetStream<StockAvailability>(StreamId.Create(Namespace, regionId));

    public static IAsyncStream<StockAvailability> Of(Grain grain, string regionId) =>
        Of(grain.GetStreamProvider(StorageNames.Streams), regionId);
}
