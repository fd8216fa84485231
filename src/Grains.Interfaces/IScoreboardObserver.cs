using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// An Edge as PKs, leaderboards and stock pools see it (the live figures watched on /hubs/scoreboard): one observer per
/// Edge receives each update once and hands it to its watchers.
/// </summary>
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

    [OneWay, Alias("StockUpdate")]
    Task StockUpdate(StockUpdate update);

    /// <summary>The pool is leaving memory while this Edge watches it: the Edge reports its watchers again at once.</summary>
    [OneWay, Alias("StockClosing")]
    Task StockClosing(string regionId, string sku);
}
