using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>Sends a push to one user through an Edge (a stateless worker per silo). Best effort: pushes are hints, state is in the grains.</summary>
[Alias("pd.IUserNotifierGrain")]
public interface IUserNotifierGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("GuideAlert")]
    Task GuideAlert(string guideId, GuideAlert alert);

    [OneWay, Alias("OrderUpdate")]
    Task OrderUpdate(string memberId, OrderUpdate update);
}
