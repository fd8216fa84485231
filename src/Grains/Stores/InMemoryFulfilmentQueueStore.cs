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
    private readonly InMemoryTable<ConcurrentDictionary<string, (FulfilmentLine Line, DateTimeOffset? DoneAt)>> _stores = new("fulfilment-line", cluster, () => new(StringComparer.Ordinal));

    public Task<IReadOnlyList<FulfilmentLine>> ApplyAsync(string storeId, IReadOnlyList<FulfilmentChange> changes, CancellationToken cancellationToken = default)
    {
        var lines = _stores.Of(storeId);
        var added = new List<FulfilmentLine>();
        foreach (var change in changes)
        {
            if (change.DoneAt is null)
            {
                if (lines.TryAdd(change.Line.LineId, (change.Line, null)))
                {
                    added.Add(change.Line);
                }
            }
            else if (lines.TryGetValue(change.Line.LineId, out var known) && known.DoneAt is null)
            {
                lines[change.Line.LineId] = known with { DoneAt = change.DoneAt };
            }
        }

        return Task.FromResult<IReadOnlyList<FulfilmentLine>>(added);
    }

    public Task<FulfilmentChange?> FindAsync(string storeId, string sku, string reservationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_stores.Find(storeId) is { } lines && lines.TryGetValue(FulfilmentLine.IdOf(sku, reservationId), out var known)
            ? new FulfilmentChange(known.Line, known.DoneAt)
            : null);

    public Task<IReadOnlyList<FulfilmentLine>> ReadWaitingAsync(string storeId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<FulfilmentLine>>(_stores.Find(storeId) is { } lines
            ? [.. lines.Values.Where(l => l.DoneAt is null).Select(l => l.Line)]
            : []);
}
