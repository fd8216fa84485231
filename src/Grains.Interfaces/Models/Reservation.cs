using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// Stock held for one customer in one SKU-region pool. <see cref="Split"/> says the quantity could not come
/// from a single store and was spread over the fewest stores, nearest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.Reservation")]
public sealed record Reservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string RegionId,
    [property: Id(3)] int Quantity,
    [property: Id(4)] FulfilmentMode Mode,
    [property: Id(5)] ReservationStatus Status,
    [property: Id(6)] DateTimeOffset ExpiresAt,
    [property: Id(7)] ImmutableArray<Allocation> Allocations,
    [property: Id(8)] bool Split,
    [property: Id(9)] string? OrderId,
    [property: Id(10)] string? OwnerId = null);
