using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// One user's own pushes: a guide's alerts, a member's order updates. Clients listen; delivery addresses the user
/// (their token's subject), so every connection of that user, on any Edge, receives it. An operator viewing a guide's
/// app may also watch that guide's alerts.
/// </summary>
[Authorize]
public sealed class NotificationsHub(LocalUsers users, [FromKeyedServices(GuideWatchers.Key)] LocalUsers watchers, IGrainFactory grains)
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
        if (Watched() is { } guideId)
        {
            watchers.Disconnected(guideId, Context.ConnectionId); // SignalR drops the connection's groups itself
        }

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

        await UnwatchGuide();
        Context.Items[typeof(GuideWatchers)] = guideId;
        watchers.Connected(guideId, Context.ConnectionId);
        if (Context.ConnectionAborted.IsCancellationRequested)
        {
            // Closed while the guide was looked up: its disconnection may have passed already, listing nothing.
            watchers.Disconnected(guideId, Context.ConnectionId);
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, GuideWatchers.Group(guideId));
    }

    public async Task UnwatchGuide()
    {
        if (Watched() is { } guideId)
        {
            Context.Items.Remove(typeof(GuideWatchers));
            watchers.Disconnected(guideId, Context.ConnectionId);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, GuideWatchers.Group(guideId));
        }
    }

    private string? Watched() => Context.Items.TryGetValue(typeof(GuideWatchers), out var watched) ? watched as string : null;
}
