using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Scoreboards;

/// <summary>
/// The scoreboard hub keeps the in-process lifetime manager even when Redis backs the other hubs (PKs and boards
/// reach each Edge through its own observer), and hands each connection to <see cref="ScoreboardFeeds"/>, which
/// writes updates to it through a bounded queue.
/// </summary>
public sealed class ScoreboardHubLifetimeManager(ScoreboardFeeds feeds, ILogger<DefaultHubLifetimeManager<ScoreboardHub>> logger)
    : DefaultHubLifetimeManager<ScoreboardHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        feeds.Connected(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        feeds.Disconnected(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
