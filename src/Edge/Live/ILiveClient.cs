using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>What /hubs/live sends: one batch per room tick.</summary>
public interface ILiveClient
{
    Task RoomUpdate(RoomUpdate update);
}
