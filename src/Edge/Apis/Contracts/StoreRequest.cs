using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record StoreRequest(
    string? Name,
    string? RegionId,
    double? Latitude,
    double? Longitude,
    string? OwnerAccountId,
    StoreOwnership? Ownership,
    bool? CanShip = null,
    bool? CanPickup = null);
