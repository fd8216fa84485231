using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A room as a joining viewer first sees it. <see cref="Seq"/> is the last batch it includes: apply later
/// <c>RoomUpdate</c>s with a greater seq, and re-join when one skips a number.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.RoomSnapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] string HostGuideId,
    [property: Id(3)] LiveRoomStatus Status,
    [property: Id(4)] int Viewers,
    [property: Id(5)] long Likes,
    [property: Id(6)] string? PinnedSku,
    [property: Id(7)] ImmutableArray<string> Shelf,
    [property: Id(8)] ImmutableArray<FlashSaleView> FlashSales,
    [property: Id(9)] ImmutableArray<RoomComment> RecentComments,
    [property: Id(10)] long Seq,
    [property: Id(11)] string RegionId,
    [property: Id(12)] int SlowModeSeconds,
    [property: Id(13)] ImmutableArray<CouponDropView> CouponDrops);
