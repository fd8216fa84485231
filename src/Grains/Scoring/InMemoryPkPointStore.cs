using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// The PK points of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process
/// and cluster, as the stock ledger), so a PK finds its scores again after it moves or its silo restarts.
/// </summary>
public sealed class InMemoryPkPointStore(IOptions<ClusterOptions> cluster) : IPkPointStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, PkPoint>> _pks = new("pk-point", cluster, () => new(StringComparer.Ordinal));

    public Task<IReadOnlyList<PkPoint>> AppendAsync(string pkId, IReadOnlyList<PkPoint> points, CancellationToken cancellationToken = default)
    {
        var stored = _pks.Of(pkId);
        return Task.FromResult<IReadOnlyList<PkPoint>>([.. points.Where(p => stored.TryAdd(p.EventId, p))]);
    }

    public Task<IReadOnlyDictionary<string, long>> ReadScoresAsync(string pkId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(_pks.Find(pkId) is { } stored
            ? stored.Values.GroupBy(p => p.ParticipantId).ToDictionary(g => g.Key, g => g.Sum(p => p.Points))
            : new Dictionary<string, long>());
}
