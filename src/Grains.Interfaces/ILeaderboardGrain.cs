using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>Today's leaderboards (key: <see cref="Key"/>): every guide's, store's and room's figures for the local day, ranked per board and scope.</summary>
[Alias("pd.ILeaderboardGrain")]
public interface ILeaderboardGrain : IGrainWithStringKey
{
    public const string Key = "today";

    /// <summary>Facts from one aggregator flush; stored before it returns.</summary>
    [Alias("Apply")]
    Task Apply(ImmutableArray<ScoreFact> facts);

    [ReadOnly, Alias("Top")]
    Task<LeaderboardUpdate> Top(string board, string scope, int top);

    [ReadOnly, Alias("Rank")]
    Task<LeaderboardRank> Rank(string board, string scope, string id);

    /// <summary><c>all</c>, then the regions and teams with a score on the board today: what a dashboard offers.</summary>
    [ReadOnly, Alias("Scopes")]
    Task<ImmutableArray<LeaderboardScope>> Scopes(string board);

    /// <summary>An Edge's count of its watchers of a board and scope, and where to send updates (reported on change and periodically).</summary>
    [Alias("Watch")]
    Task Watch(string edgeId, IScoreboardObserver edge, string board, string scope, int watchers);
}
