using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// The score facts of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process
/// and cluster, as the stock ledger), so the boards find their facts again after they move or their silo restarts.
/// </summary>
public sealed class InMemoryScoreFactStore(IOptions<ClusterOptions> cluster) : IScoreFactStore
{
    private readonly InMemoryTable<ConcurrentDictionary<(string Key, DateOnly Day), ScoreFact>> _boards = new("score-fact", cluster, () => new());

    public Task SaveAsync(string boardsId, IReadOnlyCollection<ScoreFact> facts, CancellationToken cancellationToken = default)
    {
        var stored = _boards.Of(boardsId);
        foreach (var fact in facts)
        {
            stored.AddOrUpdate((fact.Key, fact.Day), static (_, fact) => fact with { Events = [] }, static (_, known, fact) => known.Merge(fact), fact);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScoreFact>> LoadAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ScoreFact>>(_boards.Find(boardsId) is { } stored
            ? [.. stored.Where(f => f.Key.Day == day).Select(f => f.Value)]
            : []);

    public Task ForgetBeforeAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default)
    {
        if (_boards.Find(boardsId) is { } stored)
        {
            foreach (var key in stored.Keys.Where(k => k.Day < day))
            {
                stored.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
