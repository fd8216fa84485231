using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

// Closing a reservation: confirmed (the units leave on-hand and go to the stores' fulfilment queues) or released, whole
// or in parts (an order's lines, a live room's returns), each idempotent; a paid order's units are confirmed also after
// its reservation lapsed, taken again where they still are.
public sealed partial class InventoryPoolGrain
{
    public async Task<Reservation> Confirm(string reservationId)
    {
        await EnsureReady();
        var now = _time.GetUtcNow();
        if (Book.Open.TryGetValue(reservationId, out var open))
        {
            if (open.ExpiresAt <= now)
            {
                await _journal.Append(ExpireDue(now));
                AnnounceChange();
                throw Expired(reservationId);
            }

            return await ConfirmOpen(open);
        }

        var closed = Closed(reservationId);
        switch (closed.Status)
        {
            case ReservationStatus.Confirmed:
                await _journal.WhenAllDurable();
                await EnqueueFulfilment(closed);
                return closed.ToReservation(_sku, _regionId);
            case ReservationStatus.Expired:
                throw Expired(reservationId);
            default:
                throw DomainException.Conflict(ErrorCodes.ReservationReleased, $"Reservation '{reservationId}' was released.");
        }
    }

    /// <remarks>
    /// The order's payment was accepted inside its window, and its confirmation is late only because the pool could not
    /// be reached (or could not write) for longer than <c>Orders:ConfirmGrace</c>. Refusing it, as a member's own late
    /// confirm is refused, left a paid order's units free to be sold again. Taking lapsed units again may dip into the
    /// safety stock: the member paid while they were theirs.
    /// </remarks>
    public async Task<Reservation> ConfirmPaid(string reservationId, string orderId)
    {
        await EnsureReady();
        if (Book.Open.TryGetValue(reservationId, out var open) && open.OrderId == orderId)
        {
            return await ConfirmOpen(open);
        }

        if (Book.Closed.GetValueOrDefault(reservationId) is not { Status: ReservationStatus.Expired } lapsed || lapsed.OrderId != orderId)
        {
            return await Confirm(reservationId);
        }

        return await CommitConfirmation(reservationId, TakeLapsedUnitsAgain(lapsed, orderId, lapsed.Allocations, PoolBook.LateConfirm));
    }

    /// <summary>
    /// Records confirm lines that take a paid order's units of a lapsed reservation again from on hand, at the same
    /// stores; refused when the reservation did not hold them when it lapsed, or another reservation took them since.
    /// </summary>
    private List<StockMovement> TakeLapsedUnitsAgain(HeldReservation lapsed, string orderId, ImmutableArray<Allocation> units, string reason)
    {
        // No await here, nor between the caller's call and its append: checking the stores' free units and taking them is one step.
        foreach (var unit in units)
        {
            var held = lapsed.Allocations.FirstOrDefault(a => a.StoreId == unit.StoreId)?.Quantity ?? 0;
            if (unit.Quantity > held || Book.CounterOf(unit.StoreId).Free < unit.Quantity)
            {
                throw DomainException.Conflict(ErrorCodes.ReservationExpired,
                    $"Reservation '{lapsed.ReservationId}' expired before order '{orderId}' confirmed it, and store '{unit.StoreId}' no longer has its {unit.Quantity} units free.");
            }
        }

        var lines = new List<StockMovement>(units.Length);
        foreach (var unit in units)
        {
            _journal.Record(lines, StockMovementKind.Confirm, unit.StoreId, -unit.Quantity, 0, lapsed.ReservationId, reason, orderId: orderId);
        }

        return lines;
    }

    private Task<Reservation> ConfirmOpen(HeldReservation open) =>
        CommitConfirmation(open.ReservationId, Close(open, StockMovementKind.Confirm));

    /// <summary>Stores the recorded confirm lines of a reservation, then queues its units at the stores that ship them.</summary>
    private async Task<Reservation> CommitConfirmation(string reservationId, List<StockMovement> lines)
    {
        var confirmed = Book.Closed[reservationId];
        await _journal.Append(lines);
        AnnounceChange();
        await EnqueueFulfilment(confirmed);
        return confirmed.ToReservation(_sku, _regionId);
    }

    public async Task<Reservation> Release(string reservationId)
    {
        await EnsureReady();
        var now = _time.GetUtcNow();
        if (Book.Open.TryGetValue(reservationId, out var open))
        {
            var lines = open.ExpiresAt <= now ? ExpireDue(now) : Close(open, StockMovementKind.Release);
            var released = Book.Closed[reservationId];
            await _journal.Append(lines);
            AnnounceChange();
            return released.ToReservation(_sku, _regionId);
        }

        var closed = Closed(reservationId);
        if (closed.Status == ReservationStatus.Confirmed)
        {
            throw DomainException.Conflict(ErrorCodes.ReservationConfirmed, $"Reservation '{reservationId}' is confirmed; its stock is no longer held.");
        }

        await _journal.WhenAllDurable();
        return closed.ToReservation(_sku, _regionId);
    }

    public Task<Reservation> ConfirmPart(string reservationId, string partId, ImmutableArray<Allocation> units) =>
        ClosePart(reservationId, partId, units, StockMovementKind.Confirm);

    public Task<Reservation> ReleasePart(string reservationId, string partId, ImmutableArray<Allocation> units) =>
        ClosePart(reservationId, partId, units, StockMovementKind.Release);

    /// <summary>
    /// A part id: an order's id (its confirmation), or a caller's own kind of part and an id joined by '/' (a live
    /// room's returns, <c>end/{saleId}</c>), which can never equal an order's.
    /// </summary>
    private static bool IsPartId(string? partId) => partId?.Split('/') is { Length: 1 or 2 } ids && ids.All(Validation.IsValidId);

    /// <summary>Confirms or releases the given units of an open reservation, as one step; idempotent on the part id.</summary>
    private async Task<Reservation> ClosePart(string reservationId, string partId, ImmutableArray<Allocation> units, StockMovementKind kind)
    {
        new Validation()
            .Require(IsPartId(partId), "partId", "partId is required: an id, or two joined by '/'.")
            .Require(!units.IsDefaultOrEmpty && units.All(u => u.Quantity > 0) && units.Select(u => u.StoreId).Distinct().Count() == units.Length,
                "units", "units must name each store once, with a positive quantity.")
            .ThrowIfInvalid();
        await EnsureReady();
        var held = Book.Open.GetValueOrDefault(reservationId) ?? Closed(reservationId);
        if (held.HasPart(partId))
        {
            await _journal.WhenAllDurable();
            if (kind == StockMovementKind.Confirm)
            {
                await EnqueuePartFulfilment(held, partId, units);
            }

            return (Book.Open.GetValueOrDefault(reservationId) ?? Closed(reservationId)).ToReservation(_sku, _regionId);
        }

        // A paid order's part (its id has no '/'; see IsPartId) is confirmed also past the reservation's time, as
        // ConfirmPaid does for a whole reservation: the order was paid while the units were its own.
        var paidOrdersPart = kind == StockMovementKind.Confirm && !partId.Contains('/');
        var now = _time.GetUtcNow();
        switch (held.Status)
        {
            case ReservationStatus.Held when held.ExpiresAt <= now && !paidOrdersPart:
                await _journal.Append(ExpireDue(now));
                throw Expired(reservationId);
            case ReservationStatus.Expired when paidOrdersPart:
                return await ConfirmLapsedPart(held, partId, units);
            case ReservationStatus.Expired:
                throw Expired(reservationId);
            case not ReservationStatus.Held:
                throw DomainException.Conflict(ErrorCodes.ReservationReleased, $"Reservation '{reservationId}' holds nothing any more.");
        }

        foreach (var unit in units)
        {
            var there = held.Allocations.FirstOrDefault(a => a.StoreId == unit.StoreId)?.Quantity ?? 0;
            if (unit.Quantity > there)
            {
                throw DomainException.Conflict(ErrorCodes.InsufficientStock,
                    $"Reservation '{reservationId}' holds {there} units at store '{unit.StoreId}', not {unit.Quantity}.", new InsufficientStockDetails(there, []));
            }
        }

        var lines = new List<StockMovement>(units.Length);
        foreach (var unit in units)
        {
            _journal.Record(lines, kind, unit.StoreId, kind == StockMovementKind.Confirm ? -unit.Quantity : 0, -unit.Quantity, reservationId,
                PoolBook.PartPrefix + partId, orderId: partId);
        }

        if (!Book.Open.ContainsKey(reservationId))
        {
            _expiryOrder.Remove((held.ExpiresAt, reservationId));
        }

        await _journal.Append(lines);
        AnnounceChange();
        if (kind == StockMovementKind.Confirm)
        {
            await EnqueuePartFulfilment(held, partId, units);
        }

        return (Book.Open.GetValueOrDefault(reservationId) ?? Closed(reservationId)).ToReservation(_sku, _regionId);
    }

    /// <summary>Takes a paid order's part of a lapsed reservation again (<see cref="TakeLapsedUnitsAgain"/>), and queues it to ship.</summary>
    private async Task<Reservation> ConfirmLapsedPart(HeldReservation lapsed, string partId, ImmutableArray<Allocation> units)
    {
        var lines = TakeLapsedUnitsAgain(lapsed, partId, units, PoolBook.LatePartPrefix + partId);
        await _journal.Append(lines);
        AnnounceChange();
        await EnqueuePartFulfilment(lapsed, partId, units);
        return Closed(lapsed.ReservationId).ToReservation(_sku, _regionId);
    }

    private Task EnqueuePartFulfilment(HeldReservation reservation, string partId, ImmutableArray<Allocation> units)
    {
        var now = _time.GetUtcNow();
        return Task.WhenAll(units.Select(u => GrainFactory.GetGrain<IStoreGrain>(u.StoreId)
            .EnqueueFulfilment(new FulfilmentLine($"{reservation.ReservationId}/{partId}", _sku, u.Quantity, reservation.Mode, partId, now))));
    }
}
