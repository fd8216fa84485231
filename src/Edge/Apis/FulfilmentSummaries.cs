using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>How far behind several stores are, as a region's operations and a franchisee read them.</summary>
internal static class FulfilmentSummaries
{
    /// <summary>Each store's summary, the one whose oldest waiting order waits longest first; those with none last, by id.</summary>
    public static async Task<StoreFulfilmentSummary[]> LongestWaitingFirst(IEnumerable<string> storeIds, IGrainFactory grains)
    {
        var summaries = await Task.WhenAll(storeIds.Select(storeId => grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentSummary()));
        return [.. summaries
            .OrderBy(s => s.OldestConfirmedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(s => s.StoreId, StringComparer.Ordinal)];
    }
}
