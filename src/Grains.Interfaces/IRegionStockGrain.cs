using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// What each SKU has available across a region (key: region id), as the pools publish it on the region's stock
/// stream. A read model for store pages: it may trail the pools by a moment; reservations always decide against the
/// pool itself.
/// </summary>
[Alias("pd.IRegionStockGrain")]
public interface IRegionStockGrain : IGrainWithStringKey
{
    [ReadOnly, Alias("GetAvailability")]
    Task<ImmutableDictionary<string, long>> GetAvailability();

    /// <summary>One SKU's available quantity; null when the region has no figure for it (no pool of it has reported).</summary>
    [ReadOnly, Alias("GetAvailable")]
    Task<long?> GetAvailable(string sku);
}
