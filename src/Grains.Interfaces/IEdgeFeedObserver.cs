using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>An Edge as a room (or scoreboard) sees it: one observer per Edge receives every batch, and the Edge hands it to its own connections.</summary>
[Alias("pd.IEdgeFeedObserver")]
public interface IEdgeFeedObserver : IGrainObserver
{
    [OneWay, Alias("RoomUpdate")]
    Task RoomUpdate(RoomUpdate update);

    /// <summary>
    /// The room is leaving memory while this Edge has viewers in it (its silo stops, or a write failed): the Edge
    /// reports its viewers again at once, which brings the room back knowing this Edge, instead of at its next
    /// periodic report — batches go only to Edges a room knows.
    /// </summary>
    [OneWay, Alias("RoomClosing")]
    Task RoomClosing(string roomId);
}
