using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// This Edge as grains see it: user pushes go to SignalR's user addressing (through Redis when configured) or, asked
/// for here only, straight to the user's connections on this Edge. A guide's alerts go to the operators watching the
/// guide (<see cref="GuideWatchers"/>), a store's to its staff (<see cref="StoreWatchers"/>) and a franchise store's
/// also to its franchisee's account (<see cref="AccountWatchers"/>), the same way; one who leaves a store's staff stops
/// watching it.
/// </summary>
public sealed class UserPushObserver(
    IHubContext<NotificationsHub, INotificationsClient> hub,
    RedisBackplane backplane,
    LocalUsers users,
    GuideWatchers guideWatchers,
    StoreWatchers storeWatchers,
    AccountWatchers accountWatchers,
    ILogger<UserPushObserver> logger) : IUserPushObserver
{
    public Task GuideAlert(string userId, GuideAlert alert)
    {
        var clients = Everywhere();
        return Task.WhenAll(clients.User(Guide(userId)).GuideAlert(alert), clients.Group(guideWatchers.Group(userId)).GuideAlert(alert));
    }

    public Task OrderUpdate(string userId, OrderUpdate update) => Everywhere().User(Member(userId)).OrderUpdate(update);

    public Task StoreAlert(string storeId, StoreAlert alert) => Everywhere().Group(storeWatchers.Group(storeId)).StoreAlert(alert);

    public Task AccountStoreAlert(string accountId, StoreAlert alert) => Everywhere().Group(accountWatchers.Group(accountId)).StoreAlert(alert);

    public Task GuideAlertHere(string userId, GuideAlert alert) =>
        Task.WhenAll(Here(users, Guide(userId), client => client.GuideAlert(alert)), Here(guideWatchers.Local, userId, client => client.GuideAlert(alert)));

    public Task OrderUpdateHere(string userId, OrderUpdate update) => Here(users, Member(userId), client => client.OrderUpdate(update));

    public Task StoreAlertHere(string storeId, StoreAlert alert) => Here(storeWatchers.Local, storeId, client => client.StoreAlert(alert));

    public Task AccountStoreAlertHere(string accountId, StoreAlert alert) => Here(accountWatchers.Local, accountId, client => client.StoreAlert(alert));

    /// <summary>The user's connections here stop watching the store, and are told, so their page can watch what it should now.</summary>
    public async Task EndStoreWatch(string storeId, string role, string userId)
    {
        var dropped = await storeWatchers.Drop(storeId, users.ConnectionsOf(ClaimsPrincipalExtensions.UserKeyOf(role, userId)), hub.Groups);
        await Task.WhenAll(dropped.Select(connectionId => hub.Clients.Client(connectionId).StoreWatchEnded(new StoreWatchEnded(storeId))));
    }

    // A guide's alerts go to guides, a member's order updates to members: the same id may be both's.
    private static string Guide(string guideId) => ClaimsPrincipalExtensions.UserKeyOf(Roles.Guide, guideId);

    private static string Member(string memberId) => ClaimsPrincipalExtensions.UserKeyOf(Roles.Member, memberId);

    /// <summary>
    /// The hub's connections wherever they are. With a backplane that is not connected nothing is tried — a publish
    /// that might have gone out must not be followed by the senders' fallback to every Edge, or it would come twice.
    /// </summary>
    private IHubClients<INotificationsClient> Everywhere() =>
        backplane.Down
            ? throw new BackplaneUnavailableException($"The Redis backplane of this Edge is {backplane.State}.")
            : hub.Clients;

    /// <summary>Each of the user's (or a subject's watchers') connections here: SignalR writes to a connection of its own Edge directly, never through Redis.</summary>
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
