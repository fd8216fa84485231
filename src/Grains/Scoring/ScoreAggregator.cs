using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// Pre-aggregates score facts on its silo (a singleton service each silo's guide, store and live-room grains call in
/// process). Facts coalesce here (per subject and day the largest of each absolute figure wins, so the newest report
/// of a guide replaces the older ones); every flush sends the leaderboards one call and each PK with events one call,
/// and only then completes the reports it carried. A failed flush fails them, and their callers retry.
/// </summary>
/// <remarks>
/// This was a stateless-worker grain, then a per-silo grain. Under Orleans 10.4.2 both now and then left a
/// <see cref="Report"/> request unprocessed until the next message reached the aggregator — up to the 30 s response
/// timeout, in roughly one test-suite run in three. The callers are on this silo anyway, so the reports need no
/// messaging at all: a plain object with a lock, flushing from the thread pool.
/// </remarks>
public sealed class ScoreAggregator(IGrainFactory grains, IOptions<ScoringOptions> options, GrainMetrics metrics, ILogger<ScoreAggregator> logger)
{
    /// <summary>A flush slower than this is logged: every sale and binding behind it waited as long.</summary>
    private static readonly TimeSpan SlowFlush = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private Dictionary<(string Key, DateOnly Day), ScoreFact> _facts = [];
    private List<ScoreEvent> _events = [];
    private TaskCompletionSource _flushed = NewFlush();
    private bool _flushScheduled;
    private long _lastFlushAt;
    private long _firstPendingAt;

    /// <summary>Completes once the fact (and everything reported with it) is stored by the boards and PKs.</summary>
    public Task Report(ScoreFact fact)
    {
        lock (_lock)
        {
            if (_facts.Count == 0)
            {
                _firstPendingAt = TimeProvider.System.GetTimestamp();
            }

            var key = (fact.Key, fact.Day);
            _facts[key] = _facts.TryGetValue(key, out var known) ? known.Merge(fact) : fact with { Events = [] };
            _events.AddRange(fact.Events);
            if (!_flushScheduled)
            {
                _flushScheduled = true;

                // Off the calling grain's scheduler: the flush belongs to no grain.
                _ = Task.Run(FlushSoon);
            }

            return _flushed.Task;
        }
    }

    private static TaskCompletionSource NewFlush() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// At most one flush per interval, and none while idle: a fact arriving after a quiet spell goes out at once,
    /// later ones wait for the next interval. Timed on the machine's clock: how soon boards hear of a sale is wall time.
    /// </summary>
    private async Task FlushSoon()
    {
        var wait = options.Value.AggregatorFlushInterval - TimeProvider.System.GetElapsedTime(Volatile.Read(ref _lastFlushAt));
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        ImmutableArray<ScoreFact> facts;
        List<ScoreEvent> events;
        TaskCompletionSource flushed;
        TimeSpan waited;
        lock (_lock)
        {
            _flushScheduled = false;
            _lastFlushAt = TimeProvider.System.GetTimestamp();
            waited = TimeProvider.System.GetElapsedTime(_firstPendingAt, _lastFlushAt);
            facts = [.. _facts.Values];
            events = _events;
            flushed = _flushed;
            _facts = [];
            _events = [];
            _flushed = NewFlush();
        }

        await Flush(facts, events, flushed, waited);
    }

    private async Task Flush(ImmutableArray<ScoreFact> facts, List<ScoreEvent> events, TaskCompletionSource flushed, TimeSpan waited)
    {
        var started = TimeProvider.System.GetTimestamp();
        var registry = TimeSpan.Zero;
        try
        {
            var applying = new List<Task> { grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Apply(facts) };
            if (events.Count > 0)
            {
                var open = await grains.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key).Open();
                registry = TimeProvider.System.GetElapsedTime(started);
                foreach (var pk in open)
                {
                    var mine = events.Where(e => e.At >= pk.StartsAt && e.At < pk.EndsAt
                        && pk.ParticipantIds.Contains(pk.Kind == PkParticipantKind.Guide ? e.GuideId : e.TeamId)).ToImmutableArray();
                    if (!mine.IsEmpty)
                    {
                        applying.Add(grains.GetGrain<IPkGrain>(pk.PkId).Apply(mine));
                    }
                }
            }

            await Task.WhenAll(applying);
            flushed.SetResult();
        }
        catch (Exception ex)
        {
            flushed.SetException(ex);
        }

        var elapsed = TimeProvider.System.GetElapsedTime(started);
        metrics.ScoresFlushed(elapsed);
        if (waited + elapsed > SlowFlush)
        {
            Log.SlowScoreFlush(logger, waited + elapsed, waited, registry, elapsed - registry);
        }
    }
}
