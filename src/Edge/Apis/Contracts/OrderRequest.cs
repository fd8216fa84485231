using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record OrderRequest(
    string? OrderId,
    string? MemberId,
    string? RegionId,
    string? StoreId,
    List<OrderLineRequest>? Lines,
    FulfilmentMode? Mode,
    string? PickupStoreId,
    double? Latitude,
    double? Longitude,
    string? GuideId,
    string? LiveRoomId,
    string? CouponId);
