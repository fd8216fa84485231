using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Push;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// One user's own pushes: a guide's alerts, a member's order updates. Clients only listen; delivery addresses the
/// user (their token's subject), so every connection of that user, on any Edge, receives it.
/// </summary>
[Authorize]
public sealed class NotificationsHub(LocalUsers users) : Hub<INotificationsClient>
{
    public const string Path = "/hubs/notifications";

    public override Task OnConnectedAsync()
    {
        users.Connected(Context.UserIdentifier!, Context.ConnectionId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        users.Disconnected(Context.UserIdentifier!, Context.ConnectionId);
        return Task.CompletedTask;
    }
}
