using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>What a fan-out hub's lifetime manager tells its feed: connections coming and going.</summary>
public interface IHubConnectionFeed<THub>
    where THub : Hub
{
    void Connected(HubConnectionContext connection);

    void Disconnected(string connectionId);
}
