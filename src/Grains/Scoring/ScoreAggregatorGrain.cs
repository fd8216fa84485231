using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// One per silo. Facts coalesce here (per subject and day the largest of each absolute figure wins, so the newest
/// report of a guide replaces the older ones); every flush sends the leaderboards one call and each PK with events one
/// call, and only then completes the reports it carried. A failed flush fails them, and their callers retry.
/// </summary>
[StatelessWorker(1, removeIdleWorkers: false), Reentrant]
public sealed class ScoreAggregatorGrain(IOptions<ScoringOptions> options, ILogger<ScoreAggregatorGrain> logger) : Grain, IScoreAggregatorGrain
{
    /// <summary>A flush slower than this is logged: every sale and binding behind it waited as long.</summary>
    private static readonly TimeSpan SlowFlush = TimeSpan.FromSeconds(1);

    private Dictionary<(string Key, DateOnly Day), ScoreFact> _facts = [];
    private List<ScoreEvent> _events = [];
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _flushScheduled;
    private long _lastFlushAt;
    private long _firstPendingAt;

    public Task Report(ScoreFact fact)
    {
        if (_facts.Count == 0)
        {
            _firstPendingAt = TimeProvider.System.GetTimestamp();
        }

        var key = (fact.Key, fact.Day);
        _facts[key] = _facts.TryGetValue(key, out var known) ? Merge(known, fact) : fact with { Events = [] };
        _events.AddRange(fact.Events);
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            FlushSoon().Ignore();
        }

        return _flushed.Task;
    }

    /// <summary>
    /// At most one flush per interval, and none while idle: a fact arriving after a quiet spell goes out at once (after
    /// this turn, so the reports queued behind it join), later ones wait for the next interval. Timed on the machine's
    /// clock with a plain delay, not a grain timer on the business clock: how soon boards hear of a sale is wall time.
    /// </summary>
    private async Task FlushSoon()
    {
        var wait = options.Value.AggregatorFlushInterval - TimeProvider.System.GetElapsedTime(_lastFlushAt);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
        else
        {
            await Task.Yield();
        }

        _flushScheduled = false;
        _lastFlushAt = TimeProvider.System.GetTimestamp();
        await Flush();
    }

    private async Task Flush()
    {
        if (_facts.Count == 0)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        var waited = TimeProvider.System.GetElapsedTime(_firstPendingAt, started);
        var registry = TimeSpan.Zero;
        var facts = _facts.Values.ToImmutableArray();
        var events = _events;
        var flushed = _flushed;
        _facts = [];
        _events = [];
        _flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var applying = new List<Task> { GrainFactory.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Apply(facts) };
            if (events.Count > 0)
            {
                var open = await GrainFactory.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key).Open();
                registry = TimeProvider.System.GetElapsedTime(started);
                foreach (var pk in open)
                {
                    var mine = events.Where(e => e.At >= pk.StartsAt && e.At < pk.EndsAt
                        && pk.ParticipantIds.Contains(pk.Kind == PkParticipantKind.Guide ? e.GuideId : e.TeamId)).ToImmutableArray();
                    if (!mine.IsEmpty)
                    {
                        applying.Add(GrainFactory.GetGrain<IPkGrain>(pk.PkId).Apply(mine));
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
        if (waited + elapsed > SlowFlush)
        {
            Log.SlowScoreFlush(logger, waited + elapsed, waited, registry, elapsed - registry);
        }
    }

    /// <summary>Figures only grow within a day, so the larger of two reports is the newer.</summary>
    private static ScoreFact Merge(ScoreFact known, ScoreFact fact) => fact with
    {
        Sales = Math.Max(known.Sales, fact.Sales),
        Orders = Math.Max(known.Orders, fact.Orders),
        NewMembers = Math.Max(known.NewMembers, fact.NewMembers),
        Commission = Math.Max(known.Commission, fact.Commission),
        Events = [],
    };
}
