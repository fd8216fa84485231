using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// This Edge as grains see it: user pushes go to SignalR's user addressing (through Redis when configured) or, asked
/// for here only, straight to the user's connections on this Edge. A guide's alerts go to the operators watching the
/// guide (<see cref="GuideWatchers"/>) the same way.
/// </summary>
public sealed class UserPushObserver(
    IHubContext<NotificationsHub, INotificationsClient> hub,
    RedisBackplane backplane,
    LocalUsers users,
    [FromKeyedServices(GuideWatchers.Key)] LocalUsers watchers,
    ILogger<UserPushObserver> logger) : IUserPushObserver
{
    public Task GuideAlert(string userId, GuideAlert alert) =>
        Task.WhenAll(ToUser(userId).GuideAlert(alert), hub.Clients.Group(GuideWatchers.Group(userId)).GuideAlert(alert));

    public Task OrderUpdate(string userId, OrderUpdate update) => ToUser(userId).OrderUpdate(update);

    public Task GuideAlertHere(string userId, GuideAlert alert) =>
        Task.WhenAll(Here(users, userId, client => client.GuideAlert(alert)), Here(watchers, userId, client => client.GuideAlert(alert)));

    public Task OrderUpdateHere(string userId, OrderUpdate update) => Here(users, userId, client => client.OrderUpdate(update));

    /// <summary>
    /// The user wherever connected. With a backplane that is not connected nothing is tried — a publish that might
    /// have gone out must not be followed by the senders' fallback to every Edge, or the user would get it twice.
    /// </summary>
    private INotificationsClient ToUser(string userId) =>
        backplane.Down
            ? throw new BackplaneUnavailableException($"The Redis backplane of this Edge is {backplane.State}.")
            : hub.Clients.User(userId);

    /// <summary>Each of the user's connections here (or the guide's watchers'): SignalR writes to a connection of its own Edge directly, never through Redis.</summary>
    private async Task Here(LocalUsers connections, string userId, Func<INotificationsClient, Task> send)
    {
        foreach (var connectionId in connections.ConnectionsOf(userId))
        {
            try
            {
                await send(hub.Clients.Client(connectionId));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Gone since it was counted: the backplane, unreachable, would be asked for it.
                Log.LocalPushFailed(logger, userId, ex);
            }
        }
    }
}
