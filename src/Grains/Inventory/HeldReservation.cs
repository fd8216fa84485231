using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>A reservation as the pool's books know it, open or recently closed.</summary>
[GenerateSerializer, Alias("pd.HeldReservation")]
public sealed class HeldReservation
{
    [Id(0)]
    public required string ReservationId { get; init; }

    [Id(1)]
    public FulfilmentMode Mode { get; init; }

    [Id(2)]
    public DateTimeOffset ExpiresAt { get; init; }

    [Id(3)]
    public string? OrderId { get; init; }

    [Id(4)]
    public List<Allocation> Allocations { get; init; } = [];

    [Id(5)]
    public ReservationStatus Status { get; set; }

    [Id(6)]
    public DateTimeOffset? ClosedAt { get; set; }

    public int Quantity => Allocations.Sum(a => a.Quantity);

    public HeldReservation Clone() => new()
    {
        ReservationId = ReservationId,
        Mode = Mode,
        ExpiresAt = ExpiresAt,
        OrderId = OrderId,
        Allocations = [.. Allocations],
        Status = Status,
        ClosedAt = ClosedAt,
    };

    public Reservation ToReservation(string sku, string regionId) =>
        new(ReservationId, sku, regionId, Quantity, Mode, Status, ExpiresAt, [.. Allocations], Allocations.Count > 1, OrderId);

    /// <summary>Whether a retried request asks for the same thing this reservation already is.</summary>
    public bool Matches(ReservationRequest request) =>
        request.Quantity == Quantity
        && request.Mode == Mode
        && request.OrderId == OrderId
        && (request.Mode != FulfilmentMode.Pickup || Allocations.All(a => a.StoreId == request.PickupStoreId));
}
