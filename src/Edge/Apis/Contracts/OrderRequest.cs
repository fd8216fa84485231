using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record OrderRequest(
    string? OrderId,
    string? MemberId,
    string? RegionId,
    string? StoreId,
    List<OrderLineRequest>? Lines,
    FulfilmentMode? Mode,
    double? Latitude,
    double? Longitude,
    string? PickupStoreId = null,
    string? GuideId = null,
    string? LiveRoomId = null,
    string? CouponId = null);
