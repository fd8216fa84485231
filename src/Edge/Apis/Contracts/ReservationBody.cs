using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record ReservationBody(
    string? ReservationId,
    int? Quantity,
    double? Latitude,
    double? Longitude,
    FulfilmentMode? Mode,
    string? PickupStoreId = null,
    int? TtlSeconds = null);
