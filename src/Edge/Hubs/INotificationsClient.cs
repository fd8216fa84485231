using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>What /hubs/notifications sends to one user's own connections.</summary>
public interface INotificationsClient
{
    Task GuideAlert(GuideAlert alert);

    Task OrderUpdate(OrderUpdate update);

    Task StoreAlert(StoreAlert alert);

    Task StoreWatchEnded(StoreWatchEnded ended);
}
