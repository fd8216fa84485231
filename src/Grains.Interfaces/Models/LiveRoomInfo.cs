using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A live room's identity and lifecycle.</summary>
[GenerateSerializer, Immutable, Alias("pd.LiveRoomInfo")]
public sealed record LiveRoomInfo(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string HostGuideId,
    [property: Id(2)] string Title,
    [property: Id(3)] string RegionId,
    [property: Id(4)] ImmutableArray<string> Shelf,
    [property: Id(5)] LiveRoomStatus Status,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? EndedAt);
