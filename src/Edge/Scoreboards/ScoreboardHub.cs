using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>
/// Guides and operations watch PKs and leaderboards. Watching answers the current board; after that the connection
/// receives every change (<c>PkUpdate</c> at most 10 per second, <c>LeaderboardUpdate</c> at most 2 per second per board
/// and scope), each a whole board with a growing seq.
/// </summary>
[Authorize]
public sealed class ScoreboardHub(ScoreboardFeeds feeds, IGrainFactory grains) : Hub<IScoreboardClient>
{
    public const string Path = "/hubs/scoreboard";

    public async Task<PkUpdate> WatchPk(string pkId)
    {
        var pk = grains.GetGrain<IPkGrain>(RequireId(pkId, "pkId"));
        var topic = ScoreboardFeeds.PkTopic(pkId);
        try
        {
            await feeds.Watch(Context.ConnectionId, topic, (edge, watchers) => pk.Watch(feeds.EdgeId, edge, watchers));
            return await feeds.AgainIfASiloLeaves(pk.Get) ?? throw DomainException.NotFound(ErrorCodes.UnknownPk, $"PK '{pkId}' does not exist.");
        }
        catch
        {
            UnwatchPk(pkId);
            throw;
        }
    }

    public void UnwatchPk(string pkId) => feeds.Unwatch(Context.ConnectionId, ScoreboardFeeds.PkTopic(RequireId(pkId, "pkId")));

    public async Task<LeaderboardUpdate> WatchLeaderboard(string board, string scope)
    {
        Leaderboards.Validate(board, scope);
        var boards = grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        var topic = ScoreboardFeeds.BoardTopic(board, scope);
        await feeds.Watch(Context.ConnectionId, topic, (edge, watchers) => boards.Watch(feeds.EdgeId, edge, board, scope, watchers));
        return await feeds.AgainIfASiloLeaves(() => boards.Top(board, scope, Leaderboards.DefaultTop));
    }

    public void UnwatchLeaderboard(string board, string scope)
    {
        Leaderboards.Validate(board, scope);
        feeds.Unwatch(Context.ConnectionId, ScoreboardFeeds.BoardTopic(board, scope));
    }

    private static string RequireId(string id, string field) =>
        Validation.IsValidId(id) ? id : throw new HubException($"{ErrorCodes.ValidationFailed}: '{id}' is not a valid {field}.");
}
