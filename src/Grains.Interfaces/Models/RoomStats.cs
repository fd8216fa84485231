namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A room's figures: audience, engagement, and what it sold (paid GMV, and the part paid after it ended).</summary>
[GenerateSerializer, Immutable, Alias("pd.RoomStats")]
public sealed record RoomStats(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] string HostGuideId,
    [property: Id(3)] string RegionId,
    [property: Id(4)] LiveRoomStatus Status,
    [property: Id(5)] int Viewers,
    [property: Id(6)] int PeakViewers,
    [property: Id(7)] long Comments,
    [property: Id(8)] long Likes,
    [property: Id(9)] int Orders,
    [property: Id(10)] long Gmv,
    [property: Id(11)] long GmvAfterEnd,
    [property: Id(12)] DateTimeOffset? StartedAt,
    [property: Id(13)] DateTimeOffset? EndedAt);
