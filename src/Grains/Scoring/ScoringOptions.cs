using System.ComponentModel.DataAnnotations;
using PrivateDomain.Realtime.Grains.Configuration;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>Section <c>Scoring</c>: how scores travel to leaderboards and PKs, and how often they are pushed.</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>
    /// How often, while reports keep coming, each silo's aggregator sends what it collected to the boards and PKs. Every
    /// sale and binding waits for its flush, so this is most of what a credit costs its caller and how soon a PK shows
    /// it (docs/benchmarks.md, scoreboards): many concurrent callers get through about as many credits a second as
    /// there are callers per interval. Each flush is a call to the board and a write of what changed, so a cluster of
    /// many silos may raise it.
    /// </summary>
    [DurationRange("00:00:00.001", "00:00:01", ErrorMessage = "Scoring:AggregatorFlushInterval must be between 1 ms and 1 s.")]
    public TimeSpan AggregatorFlushInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A board and scope is pushed at most this often (2 per second).</summary>
    [DurationRange("00:00:00.050", "00:00:10", ErrorMessage = "Scoring:LeaderboardPushInterval must be between 50 ms and 10 s.")]
    public TimeSpan LeaderboardPushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A PK is pushed at most this often (10 per second).</summary>
    [DurationRange("00:00:00.050", "00:00:10", ErrorMessage = "Scoring:PkPushInterval must be between 50 ms and 10 s.")]
    public TimeSpan PkPushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long after its end a PK still takes events from inside its window (they travel through the aggregators)
    /// before the board is frozen and the winner named. Long enough for one retry of a report that failed at its
    /// end (an outbox tries again after <c>Orders:EffectRetryInterval</c>, 5 s) to count: at 3 s such a sale counted on
    /// the boards and never in the PK.
    /// </summary>
    [DurationRange("00:00:00", "00:05:00", ErrorMessage = "Scoring:PkSettleDelay must be between 0 and 5 minutes.")]
    public TimeSpan PkSettleDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Coins a guide earns for reaching a PK target.</summary>
    [Range(0, 1_000_000, ErrorMessage = "Scoring:TargetCoins must be between 0 and 1,000,000.")]
    public long TargetCoins { get; set; } = 100;

    /// <summary>An Edge not heard from for this long no longer watches.</summary>
    [DurationRange("00:00:05", "00:10:00", ErrorMessage = "Scoring:EdgeSilence must be between 5 s and 10 minutes.")]
    public TimeSpan EdgeSilence { get; set; } = TimeSpan.FromSeconds(60);
}
