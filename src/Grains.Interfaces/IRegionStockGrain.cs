using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// What each SKU has available across a region (key: region id), reported by the pools. A read model for store
/// pages: it may trail the pools by a moment; reservations always decide against the pool itself.
/// </summary>
[Alias("pd.IRegionStockGrain")]
public interface IRegionStockGrain : IGrainWithStringKey
{
    /// <summary>The pool's available quantity as of its ledger sequence <paramref name="version"/>; older reports are ignored.</summary>
    [OneWay, Alias("Report")]
    Task Report(string sku, long available, long version);

    [ReadOnly, Alias("GetAvailability")]
    Task<ImmutableDictionary<string, long>> GetAvailability();
}
