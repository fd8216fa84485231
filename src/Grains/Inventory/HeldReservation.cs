using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// A reservation as the pool's books know it, open or recently closed. Immutable, so a snapshot of the books can
/// share these objects with the live books instead of copying them.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.HeldReservation")]
public sealed record HeldReservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] FulfilmentMode Mode,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string? OrderId,
    [property: Id(4)] ImmutableArray<Allocation> Allocations,
    [property: Id(5)] ReservationStatus Status,
    [property: Id(6)] DateTimeOffset? ClosedAt = null,
    [property: Id(7)] ImmutableHashSet<string>? Parts = null,
    [property: Id(8)] string? OwnerId = null)
{
    /// <summary>Ids of the parts already confirmed or released (<see cref="PoolBook.PartPrefix"/>), for idempotency.</summary>
    public bool HasPart(string partId) => Parts?.Contains(partId) == true;

    public int Quantity => Allocations.Sum(a => a.Quantity);

    public Reservation ToReservation(string sku, string regionId) =>
        new(ReservationId, sku, regionId, Quantity, Mode, Status, ExpiresAt, Allocations, Allocations.Length > 1, OrderId, OwnerId);

    /// <summary>
    /// An order's reservation stored before orders named their member (2026-12-04): the order's retried placement, which
    /// now does, is the same request.
    /// </summary>
    private bool IsOrdersFromBeforeOwners(ReservationRequest request) => OrderId is not null && OwnerId is null && request.OrderId == OrderId;

    /// <summary>Whether a retried request asks for the same thing this reservation already is.</summary>
    public bool Matches(ReservationRequest request) =>
        request.Quantity == Quantity
        && request.Mode == Mode
        && request.OrderId == OrderId
        && (request.OwnerId == OwnerId || IsOrdersFromBeforeOwners(request))
        && (request.Mode != FulfilmentMode.Pickup || Allocations.All(a => a.StoreId == request.PickupStoreId));
}
