using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>
/// Guides and operations watch PKs and leaderboards, and anyone signed in a SKU's stock in a region. Watching answers the
/// current board or counts; after that the connection receives every change (<c>PkUpdate</c> at most 10 per second,
/// <c>LeaderboardUpdate</c> at most 2 per second per board and scope, <c>StockUpdate</c> at most 2 per second per pool),
/// each whole, with a growing seq.
/// </summary>
[Authorize]
public sealed class ScoreboardHub(ScoreboardFeeds feeds, IGrainFactory grains) : Hub<IScoreboardClient>
{
    public const string Path = "/hubs/scoreboard";

    public async Task<PkUpdate> WatchPk(string pkId)
    {
        var pk = grains.GetGrain<IPkGrain>(RequireId(pkId, "pkId"));
        return await WatchThenSnapshot(
            ScoreboardFeeds.PkTopic(pkId),
            (edge, watchers) => pk.Watch(feeds.EdgeId, edge, watchers),
            async () => await pk.Get() ?? throw DomainException.NotFound(ErrorCodes.UnknownPk, $"PK '{pkId}' does not exist."));
    }

    public void UnwatchPk(string pkId) => feeds.Unwatch(Context.ConnectionId, ScoreboardFeeds.PkTopic(RequireId(pkId, "pkId")));

    public async Task<LeaderboardUpdate> WatchLeaderboard(string board, string scope)
    {
        Leaderboards.Validate(board, scope);
        var boards = grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        return await WatchThenSnapshot(
            ScoreboardFeeds.BoardTopic(board, scope),
            (edge, watchers) => boards.Watch(feeds.EdgeId, edge, board, scope, watchers),
            () => boards.Top(board, scope, Leaderboards.DefaultTop));
    }

    public void UnwatchLeaderboard(string board, string scope)
    {
        Leaderboards.Validate(board, scope);
        feeds.Unwatch(Context.ConnectionId, ScoreboardFeeds.BoardTopic(board, scope));
    }

    /// <summary>
    /// A SKU's counts across a region, as <c>GET /api/inventory/{regionId}/{sku}</c> answers them (to anyone signed in),
    /// and then each change of them: operations' stock screens, and a member's product page in a flash sale.
    /// </summary>
    public async Task<StockUpdate> WatchStock(string regionId, string sku)
    {
        var pool = grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(RequireId(sku, "sku"), RequireId(regionId, "regionId")));
        return await WatchThenSnapshot(
            ScoreboardFeeds.StockTopic(regionId, sku),
            (edge, watchers) => pool.Watch(feeds.EdgeId, edge, watchers),
            pool.GetStock);
    }

    public void UnwatchStock(string regionId, string sku) =>
        feeds.Unwatch(Context.ConnectionId, ScoreboardFeeds.StockTopic(RequireId(regionId, "regionId"), RequireId(sku, "sku")));

    /// <summary>
    /// Counts the connection in, then answers the current board. A board that cannot be answered leaves the connection
    /// out again: the caller heard an error, so it must not go on receiving updates (nor keep a watch of its cap).
    /// </summary>
    private async Task<T> WatchThenSnapshot<T>(string topic, Func<IScoreboardObserver, int, Task> report, Func<Task<T>> snapshot)
    {
        await feeds.Watch(Context.ConnectionId, topic, report);
        try
        {
            return await feeds.AgainIfASiloLeaves(snapshot);
        }
        catch
        {
            feeds.Unwatch(Context.ConnectionId, topic);
            throw;
        }
    }

    private static string RequireId(string id, string field) =>
        Validation.IsValidId(id) ? id : throw new HubException($"{ErrorCodes.ValidationFailed}: '{id}' is not a valid {field}.");
}
