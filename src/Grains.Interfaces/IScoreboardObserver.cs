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

    /// <summary>The PK is leaving memory while this Edge has watchers: the Edge reports them again at once (as <see cref="IEdgeFeedObserver.RoomClosing"/>).</summary>
    [OneWay, Alias("PkClosing")]
    Task PkClosing(string pkId);

    /// <summary>The boards are leaving memory while this Edge watches this board and scope: the Edge reports its watchers again at once.</summary>
    [OneWay, Alias("LeaderboardClosing")]
    Task LeaderboardClosing(string board, string scope);
}
