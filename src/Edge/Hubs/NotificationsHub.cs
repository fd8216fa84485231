using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// One user's own pushes: a guide's alerts, a member's order updates. Clients only listen; delivery addresses the
/// user (their token's subject), so every connection of that user, on any Edge, receives it.
/// </summary>
[Authorize]
public sealed class NotificationsHub : Hub<INotificationsClient>
{
    public const string Path = "/hubs/notifications";
}
