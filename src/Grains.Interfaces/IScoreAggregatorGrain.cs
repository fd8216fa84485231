using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// Pre-aggregates score facts on each silo (a stateless worker, key 0): facts from thousands of guides coalesce and
/// reach the leaderboards and PKs in one call each per flush (at least every 100 ms). <see cref="Report"/> completes once
/// the fact is applied and stored, so a caller that retries on failure (the order's outbox) loses nothing.
/// </summary>
[Alias("pd.IScoreAggregatorGrain")]
public interface IScoreAggregatorGrain : IGrainWithIntegerKey
{
    [Alias("Report")]
    Task Report(ScoreFact fact);
}
