using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>What /hubs/scoreboard sends: whole PK boards, leaderboard tops and a pool's counts, each with a growing seq.</summary>
public interface IScoreboardClient
{
    Task PkUpdate(PkUpdate update);

    Task LeaderboardUpdate(LeaderboardUpdate update);

    Task StockUpdate(StockUpdate update);
}
