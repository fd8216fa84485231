namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Whether an order placed at a moment counts for a room: while it is live and for 72 hours after it ends.</summary>
[GenerateSerializer, Immutable, Alias("pd.LiveRoomAttribution")]
public sealed record LiveRoomAttribution(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string HostGuideId,
    [property: Id(2)] bool Attributable);
