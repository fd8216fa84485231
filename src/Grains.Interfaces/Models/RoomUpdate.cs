using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One batch of a room's changes (sent at most once per tick, only when something changed). <see cref="Seq"/> grows by one per batch.</summary>
[GenerateSerializer, Immutable, Alias("pd.RoomUpdate")]
public sealed record RoomUpdate(
    [property: Id(0)] string RoomId,
    [property: Id(1)] long Seq,
    [property: Id(2)] ImmutableArray<RoomComment> Comments,
    [property: Id(3)] ImmutableArray<long> DeletedCommentIds,
    [property: Id(4)] int Viewers,
    [property: Id(5)] long Likes,
    [property: Id(6)] string? PinnedSku,
    [property: Id(7)] ImmutableArray<FlashSaleView> FlashSales,
    [property: Id(8)] LiveRoomStatus Status,
    [property: Id(9)] ImmutableArray<CouponDropView> CouponDrops,
    [property: Id(10)] int SlowModeSeconds);
