using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>This Edge as grains see it: user pushes go to SignalR's user addressing (through Redis when configured).</summary>
public sealed class UserPushObserver(IHubContext<NotificationsHub, INotificationsClient> hub) : IUserPushObserver
{
    public Task GuideAlert(string userId, GuideAlert alert) => hub.Clients.User(userId).GuideAlert(alert);

    public Task OrderUpdate(string userId, OrderUpdate update) => hub.Clients.User(userId).OrderUpdate(update);
}
