using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// The fan-out hubs (live rooms, scoreboards) keep the in-process lifetime manager even when Redis backs the other
/// hubs: grains reach each Edge through its own observer, so the backplane would only carry every update to every
/// Edge a second time. It also hands each connection to the hub's feed, which writes updates to it directly.
/// </summary>
public sealed class FeedHubLifetimeManager<THub>(IHubConnectionFeed<THub> feed, ILogger<DefaultHubLifetimeManager<THub>> logger)
    : DefaultHubLifetimeManager<THub>(logger)
    where THub : Hub
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        feed.Connected(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        feed.Disconnected(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
