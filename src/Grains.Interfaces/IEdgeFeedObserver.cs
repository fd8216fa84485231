using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>An Edge as a room (or scoreboard) sees it: one observer per Edge receives every batch, and the Edge hands it to its own connections.</summary>
[Alias("pd.IEdgeFeedObserver")]
public interface IEdgeFeedObserver : IGrainObserver
{
    [OneWay, Alias("RoomUpdate")]
    Task RoomUpdate(RoomUpdate update);
}
