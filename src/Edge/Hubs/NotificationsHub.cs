using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// One user's own pushes: a guide's alerts, a member's order updates. Clients listen; delivery addresses the user
/// (their token's role and subject), so every connection of that user, on any Edge, receives it. An operator viewing a
/// guide's app may also watch that guide's alerts, a store's staff its alerts as its fulfilment queue grows, and a
/// franchisee those of all its stores at once.
/// </summary>
[Authorize]
public sealed class NotificationsHub(
    LocalUsers users,
    GuideWatchers guideWatchers,
    StoreWatchers storeWatchers,
    AccountWatchers accountWatchers,
    IGrainFactory grains)
    : Hub<INotificationsClient>
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
        guideWatchers.Disconnected(Context);
        storeWatchers.Disconnected(Context);
        accountWatchers.Disconnected(Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The guide's alerts (<c>GuideAlert</c>) come to this connection too, as the guide's own do, until it unwatches,
    /// watches another guide (one at a time: an alert does not name its guide) or closes.
    /// </summary>
    [HubRole(Policies.Ops)]
    public async Task WatchGuide(string guideId)
    {
        if (!Validation.IsValidId(guideId))
        {
            throw new HubException($"{ErrorCodes.ValidationFailed}: '{guideId}' is not a valid guide id.");
        }

        if (await grains.GetGrain<IGuideGrain>(guideId).GetProfile() is null)
        {
            throw new HubException($"{ErrorCodes.UnknownGuide}: Guide '{guideId}' does not exist.");
        }

        await guideWatchers.Watch(Context, Groups, guideId);
    }

    public Task UnwatchGuide() => guideWatchers.Unwatch(Context, Groups);

    /// <summary>
    /// The store's alerts (<c>StoreAlert</c>), as its fulfilment queue gains work whoever's customer bought, come to this
    /// connection until it unwatches, watches another store or an account, closes, or its user leaves the store's staff
    /// (the grains then tell every Edge): for the store's own guides, its franchisee and operations.
    /// </summary>
    [HubRole(Policies.GuideDealerOrOps)]
    public async Task WatchStore(string storeId)
    {
        if (!Validation.IsValidId(storeId))
        {
            throw new HubException($"{ErrorCodes.ValidationFailed}: '{storeId}' is not a valid store id.");
        }

        if (await grains.GetGrain<IStoreGrain>(storeId).GetProfile() is not { } store)
        {
            throw new HubException($"{ErrorCodes.UnknownStore}: Store '{storeId}' does not exist.");
        }

        if (!await Context.User!.MaySeeQueueOfAsync(store, grains))
        {
            throw new HubException($"{EdgeErrorCodes.Forbidden}: Only the store's own guides, its franchisee and operations watch its queue.");
        }

        await accountWatchers.Unwatch(Context, Groups);
        await storeWatchers.Watch(Context, Groups, storeId);
    }

    public Task UnwatchStore() => storeWatchers.Unwatch(Context, Groups);

    /// <summary>
    /// The alerts of every franchise store the account owns (<c>StoreAlert</c>, naming its store), as the stores name
    /// their owner when each alert is sent, come to this connection until it unwatches, watches another account or a
    /// store (one or the other, so an alert comes once) or closes: for that franchisee and operations.
    /// </summary>
    [HubRole(Policies.DealerOrOps)]
    public async Task WatchAccount(string accountId)
    {
        if (!Validation.IsValidId(accountId))
        {
            throw new HubException($"{ErrorCodes.ValidationFailed}: '{accountId}' is not a valid account id.");
        }

        if (!Context.User!.IsSelfOrOps(Roles.Dealer, accountId))
        {
            throw new HubException($"{EdgeErrorCodes.Forbidden}: Only the account's own franchisee and operations watch its stores.");
        }

        await storeWatchers.Unwatch(Context, Groups);
        await accountWatchers.Watch(Context, Groups, accountId);
    }

    public Task UnwatchAccount() => accountWatchers.Unwatch(Context, Groups);
}
