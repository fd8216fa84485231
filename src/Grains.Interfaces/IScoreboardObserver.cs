using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>An Edge as PKs and leaderboards see it: one observer per Edge receives each update once and hands it to its watchers.</summary>
[Alias("pd.IScoreboardObserver")]
public interface IScoreboardObserver : IGrainObserver
{
    [OneWay, Alias("PkUpdate")]
    Task PkUpdate(PkUpdate update);

    [OneWay, Alias("LeaderboardUpdate")]
    Task LeaderboardUpdate(LeaderboardUpdate update);
}
