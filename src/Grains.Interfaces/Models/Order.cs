using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// An order as clients see it. <see cref="GuideId"/> and <see cref="LiveRoomId"/> are the attribution: who brought
/// the sale. <see cref="Settlement"/> is filled when paid and always sums to <see cref="Total"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.Order")]
public sealed record Order(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] string RegionId,
    [property: Id(3)] string StoreId,
    [property: Id(4)] OrderStatus Status,
    [property: Id(5)] FulfilmentMode Mode,
    [property: Id(6)] string? PickupStoreId,
    [property: Id(7)] ImmutableArray<OrderLine> Lines,
    [property: Id(8)] long Subtotal,
    [property: Id(9)] long Discount,
    [property: Id(10)] long Total,
    [property: Id(11)] string? CouponId,
    [property: Id(12)] string? GuideId,
    [property: Id(13)] string? LiveRoomId,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset ExpiresAt,
    [property: Id(16)] Payment? Payment,
    [property: Id(17)] ImmutableArray<SettlementLine> Settlement,
    [property: Id(18)] string? PickupCode,
    [property: Id(19)] ImmutableArray<string> FulfilledByStores,
    [property: Id(20)] DateTimeOffset? FulfilledAt)
{
    /// <summary>The stores that ship or hand over some of this order.</summary>
    public IEnumerable<string> FulfillingStores =>
        Lines.SelectMany(l => l.Allocations).Select(a => a.StoreId).Distinct(StringComparer.Ordinal);
}
