using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// A store's fulfilment queue as it was stored before 2026-12-01 (one grain state, by reservation id). Read only to
/// move its lines to <see cref="IFulfilmentQueueStore"/> rows on the store's first activation after the upgrade.
/// </summary>
[GenerateSerializer, Alias("pd.StoreQueueState")]
public sealed class StoreQueueState
{
    [Id(0)]
    public Dictionary<string, FulfilmentLine> Lines { get; set; } = [];
}
