using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// The fulfilment queues of the embedded, in-memory mode. Like a database server it lives outside any one silo (per
/// process and cluster, as the stock ledger), so a store finds its queue again after it moves or its silo restarts.
/// </summary>
public sealed class InMemoryFulfilmentQueueStore(IOptions<ClusterOptions> cluster) : IFulfilmentQueueStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, (FulfilmentLine Line, bool Done)>> _stores = new("fulfilment-line", cluster, () => new(StringComparer.Ordinal));

    public Task<IReadOnlyList<FulfilmentLine>> ApplyAsync(string storeId, IReadOnlyList<FulfilmentChange> changes, CancellationToken cancellationToken = default)
    {
        var lines = _stores.Of(storeId);
        var added = new List<FulfilmentLine>();
        foreach (var change in changes)
        {
            if (change.DoneAt is null)
            {
                if (lines.TryAdd(change.Line.LineId, (change.Line, false)))
                {
                    added.Add(change.Line);
                }
            }
            else if (lines.TryGetValue(change.Line.LineId, out var known))
            {
                lines[change.Line.LineId] = known with { Done = true };
            }
        }

        return Task.FromResult<IReadOnlyList<FulfilmentLine>>(added);
    }

    public Task<IReadOnlyList<FulfilmentLine>> ReadWaitingAsync(string storeId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FulfilmentLine>>(_stores.Find(storeId) is { } lines
            ? [.. lines.Values.Where(l => !l.Done).Select(l => l.Line)]
            : []);
}
