using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// The sales ledger of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process
/// and cluster, as the stock ledger), so guides and stores find their figures again after they move between silos.
/// </summary>
public sealed class InMemorySalesLedger(IOptions<ClusterOptions> cluster) : ISalesLedger
{
    private readonly InMemoryTable<ConcurrentDictionary<(DateOnly Day, string EntryId), SalesEntry>> _owners = new("sales-entry", cluster, () => new());

    public Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default)
    {
        var stored = _owners.Of(ownerId);
        return Task.FromResult<IReadOnlyList<SalesEntry>>([.. entries.Where(e => stored.TryAdd((e.Day, e.EntryId), e))]);
    }

    public Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<DateOnly, DayTotals>>(_owners.Find(ownerId) is { } stored
            ? stored.Values.Where(e => e.Day >= fromDay).GroupBy(e => e.Day).ToDictionary(g => g.Key, g => g.Aggregate(default(DayTotals), (totals, e) => totals.Add(e)))
            : new Dictionary<DateOnly, DayTotals>());

    public Task<IReadOnlyList<SalesEntry>> ReadEntriesAsync(string ownerId, DateOnly day, string? after, int take, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SalesEntry>>(_owners.Find(ownerId) is { } stored
            ? [.. stored.Values
                .Where(e => e.Day == day && (after is null || string.CompareOrdinal(e.EntryId, after) > 0))
                .OrderBy(e => e.EntryId, StringComparer.Ordinal)
                .Take(take)]
            : []);

    public Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        if (_owners.Find(ownerId) is { } stored)
        {
            foreach (var key in stored.Keys.Where(k => k.Day < day))
            {
                stored.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
