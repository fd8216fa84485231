using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>An Edge, as grains see it: it delivers a push to a user's connections wherever they are (through the Redis backplane).</summary>
[Alias("pd.IUserPushObserver")]
public interface IUserPushObserver : IGrainObserver
{
    [Alias("GuideAlert")]
    Task GuideAlert(string userId, GuideAlert alert);

    [Alias("OrderUpdate")]
    Task OrderUpdate(string userId, OrderUpdate update);
}
