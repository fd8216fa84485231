using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// The score facts of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process
/// and cluster, as the stock ledger), so the boards find their facts again after they move or their silo restarts.
/// </summary>
public sealed class InMemoryScoreFactStore(IOptions<ClusterOptions> cluster) : IScoreFactStore
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<(string Key, DateOnly Day), ScoreFact>> Boards = new(StringComparer.Ordinal);

    private readonly string _prefix = $"{cluster.Value.ServiceId}/{cluster.Value.ClusterId}/";

    public Task SaveAsync(string boardsId, IReadOnlyCollection<ScoreFact> facts, CancellationToken cancellationToken = default)
    {
        var stored = Boards.GetOrAdd(_prefix + boardsId, _ => new());
        foreach (var fact in facts)
        {
            stored.AddOrUpdate((fact.Key, fact.Day), static (_, fact) => fact with { Events = [] }, static (_, known, fact) => known.Merge(fact), fact);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScoreFact>> LoadAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ScoreFact>>(Boards.TryGetValue(_prefix + boardsId, out var stored)
            ? [.. stored.Where(f => f.Key.Day == day).Select(f => f.Value)]
            : []);

    public Task ForgetBeforeAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default)
    {
        if (Boards.TryGetValue(_prefix + boardsId, out var stored))
        {
            foreach (var key in stored.Keys.Where(k => k.Day < day))
            {
                stored.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
