using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// Today's boards. Aggregators send it coalesced absolute figures (at most one call per silo per flush), so its load
/// does not grow with sales per second. Rankings are computed when asked and, for watched boards, on a push tick —
/// at most twice a second per board and scope, only when the top entries changed, one call per watching Edge.
/// </summary>
[Reentrant]
public sealed class LeaderboardGrain(
    [PersistentState("leaderboards", StorageNames.GrainState)] IPersistentState<LeaderboardState> state,
    LocalCalendar calendar,
    TimeProvider time,
    IOptions<ScoringOptions> options,
    ILogger<LeaderboardGrain> logger) : Grain, ILeaderboardGrain
{
    private readonly Dictionary<(string Board, string Scope), Watched> _watched = [];

    /// <summary>Region names for the region boards, looked up once per region (the facts carry only ids).</summary>
    private readonly Dictionary<string, string> _regionNames = new(StringComparer.Ordinal);
    private StatePart<LeaderboardState> _state = null!;
    private long _version;

    private LeaderboardState Boards => _state.Live;

    private Dictionary<string, ScoreFact> Facts => Boards.Facts;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new StatePart<LeaderboardState>(state, s => s.Copy());
        this.RegisterGrainTimer(Push, options.Value.LeaderboardPushInterval, options.Value.LeaderboardPushInterval);
        return Task.CompletedTask;
    }

    public async Task Apply(ImmutableArray<ScoreFact> facts)
    {
        foreach (var regionId in facts.Select(f => f.RegionId).Where(r => r.Length > 0 && !_regionNames.ContainsKey(r)).Distinct().ToList())
        {
            _regionNames[regionId] = (await GrainFactory.GetGrain<IRegionGrain>(regionId).GetProfile())?.Name ?? regionId;
        }

        StartDayIfNew();
        var changed = false;
        foreach (var fact in facts.Where(f => f.Day == Boards.Day))
        {
            if (!Facts.TryGetValue(fact.Key, out var known) || Grows(known, fact))
            {
                Facts[fact.Key] = known is null ? fact : fact with
                {
                    Sales = Math.Max(known.Sales, fact.Sales),
                    Orders = Math.Max(known.Orders, fact.Orders),
                    NewMembers = Math.Max(known.NewMembers, fact.NewMembers),
                    Commission = Math.Max(known.Commission, fact.Commission),
                };
                changed = true;
            }
        }

        if (changed)
        {
            _version++;
            await _state.WriteAsync();
        }
    }

    public Task<LeaderboardUpdate> Top(string board, string scope, int top)
    {
        Leaderboards.Validate(board, scope);
        StartDayIfNew();
        var ranked = Rank(board, scope);
        var seq = _watched.GetValueOrDefault((board, scope))?.Seq ?? 0;
        return Task.FromResult(new LeaderboardUpdate(board, scope, seq, [.. ranked.Take(Math.Clamp(top, 1, Leaderboards.MaxTop))], Boards.Day));
    }

    public Task<LeaderboardRank> Rank(string board, string scope, string id)
    {
        Leaderboards.Validate(board, scope);
        StartDayIfNew();
        var ranked = Rank(board, scope);
        var entry = ranked.FirstOrDefault(e => e.Id == id);
        return Task.FromResult(new LeaderboardRank(board, scope, id, entry?.Rank, entry?.Score ?? 0, ranked.Count));
    }

    public Task Watch(string edgeId, IScoreboardObserver edge, string board, string scope, int watchers)
    {
        Leaderboards.Validate(board, scope);
        if (!_watched.TryGetValue((board, scope), out var watched))
        {
            _watched[(board, scope)] = watched = new Watched(new EdgeWatchers<IScoreboardObserver>(logger, () => $"Leaderboard {board} {scope}"));
        }

        watched.Edges.Report(edgeId, edge, watchers, time.GetUtcNow());
        return Task.CompletedTask;
    }

    private Task Push(CancellationToken cancellationToken)
    {
        StartDayIfNew();
        var silentBefore = time.GetUtcNow() - options.Value.EdgeSilence;
        foreach (var ((board, scope), watched) in _watched)
        {
            watched.Edges.Forget(silentBefore);
            if (!watched.Edges.Any || watched.Version == _version)
            {
                continue;
            }

            watched.Version = _version;
            var top = Rank(board, scope).Take(Leaderboards.DefaultTop).ToImmutableArray();
            if (!top.SequenceEqual(watched.Sent))
            {
                watched.Sent = top;
                var update = new LeaderboardUpdate(board, scope, ++watched.Seq, top, Boards.Day);
                watched.Edges.Send(edge => edge.LeaderboardUpdate(update));
            }
        }

        if (_watched.Values.Any(w => w.Edges.Any))
        {
            DelayDeactivation(TimeSpan.FromMinutes(2));
        }

        return Task.CompletedTask;
    }

    /// <summary>Entries of a board in a scope, highest first; equal scores share a rank (1, 2, 2, 4), ties in id order.</summary>
    private List<LeaderboardEntry> Rank(string board, string scope)
    {
        var kind = Leaderboards.Boards[board];
        var facts = Facts.Values.Where(f => f.Subject == kind.Subject && InScope(f, scope));
        var scores = kind.ByRegion
            ? facts.GroupBy(f => f.RegionId).Select(g => (Id: g.Key, Name: _regionNames.GetValueOrDefault(g.Key, g.Key), Score: g.Sum(kind.Score)))
            : facts.Select(f => (f.Id, f.Name, Score: kind.Score(f)));
        var ranked = new List<LeaderboardEntry>();
        foreach (var (id, name, score) in scores.Where(s => s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Item1, StringComparer.Ordinal))
        {
            var rank = ranked.Count > 0 && ranked[^1].Score == score ? ranked[^1].Rank : ranked.Count + 1;
            ranked.Add(new LeaderboardEntry(rank, id, name, score));
        }

        return ranked;
    }

    private static bool InScope(ScoreFact fact, string scope) => scope switch
    {
        "all" => true,
        _ when scope.StartsWith("region:", StringComparison.Ordinal) => fact.RegionId == scope[7..],
        _ => fact.TeamId == scope[5..],
    };

    private static bool Grows(ScoreFact known, ScoreFact fact) =>
        fact.Sales > known.Sales || fact.Orders > known.Orders || fact.NewMembers > known.NewMembers || fact.Commission > known.Commission || fact.Name != known.Name;

    private void StartDayIfNew()
    {
        var today = calendar.Today();
        if (Boards.Day != today)
        {
            Boards.Day = today;
            Boards.Facts = [];
            _version++;
        }
    }

    private sealed class Watched(EdgeWatchers<IScoreboardObserver> edges)
    {
        public EdgeWatchers<IScoreboardObserver> Edges { get; } = edges;

        public long Seq { get; set; }

        public long Version { get; set; } = -1;

        public ImmutableArray<LeaderboardEntry> Sent { get; set; } = [];
    }
}
