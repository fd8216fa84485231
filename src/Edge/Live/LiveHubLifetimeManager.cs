using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>
/// The live hub always uses the in-process lifetime manager, even when Redis backs the other hubs: rooms reach each
/// Edge through its own observer, so the backplane would only carry every batch to every Edge a second time. It also
/// hands each connection to <see cref="LiveRoomFeeds"/>, which writes batches to it directly.
/// </summary>
public sealed class LiveHubLifetimeManager(LiveRoomFeeds feeds, ILogger<DefaultHubLifetimeManager<LiveHub>> logger)
    : DefaultHubLifetimeManager<LiveHub>(logger)
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
