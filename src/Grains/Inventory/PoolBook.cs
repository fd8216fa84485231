using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// A pool's books: the fold of its ledger. Live requests change them only by applying ledger lines, and an
/// activation rebuilds them by applying the same lines, so memory and ledger cannot disagree. Also the snapshot
/// type: a snapshot is the books as of <see cref="Seq"/>.
/// </summary>
[GenerateSerializer, Alias("pd.PoolBook")]
public sealed class PoolBook
{
    /// <summary>The store id of ledger lines that concern the pool as a whole (safety stock).</summary>
    public const string PoolWide = "*";

    /// <summary>The reason of a confirm or release line that closes only part of a reservation: <c>part:{partId}</c>.</summary>
    public const string PartPrefix = "part:";

    /// <summary>
    /// The reason of a confirm line that takes again, from on hand alone, the units of a reservation that lapsed before
    /// its paid order's confirmation arrived; it turns the reservation from expired to confirmed.
    /// </summary>
    public const string LateConfirm = "late";

    /// <summary>
    /// The reason of a confirm line that takes again, from on hand alone, a paid order's part of a reservation that
    /// lapsed before the order's confirmation arrived (<c>late-part:{orderId}</c>); the reservation stays expired.
    /// </summary>
    public const string LatePartPrefix = "late-part:";

    [Id(0)]
    public long Seq { get; set; }

    [Id(1)]
    public long SafetyStock { get; set; }

    [Id(2)]
    public Dictionary<string, StockCounter> Stores { get; set; } = [];

    [Id(3)]
    public Dictionary<string, HeldReservation> Open { get; set; } = [];

    [Id(4)]
    public Dictionary<string, HeldReservation> Closed { get; set; } = [];

    [Id(5)]
    public Dictionary<string, AppliedAdjustment> Adjustments { get; set; } = [];

    /// <summary>
    /// Units each owner (the member a reservation is for: their own, or their order's) holds in open reservations. Derived, never stored: built
    /// from <see cref="Open"/> when first asked, then kept by <see cref="Apply"/>, so a snapshot's books and a rebuilt
    /// pool's count the same.
    /// </summary>
    [NonSerialized]
    private Dictionary<string, long>? _heldByOwner;

    public long OnHand => Stores.Values.Sum(s => s.OnHand);

    /// <summary>The units <paramref name="ownerId"/> holds in this pool's open reservations.</summary>
    public long HeldBy(string ownerId) =>
        (_heldByOwner ??= Open.Values.Where(r => r.OwnerId is not null)
            .GroupBy(r => r.OwnerId!)
            .ToDictionary(g => g.Key, g => g.Sum(r => (long)r.Quantity)))
        .GetValueOrDefault(ownerId);

    public long Reserved => Stores.Values.Sum(s => s.Reserved);

    /// <summary>
    /// On hand − reserved at the region's stores, less the safety stock, never below zero. A store that left the region
    /// keeps its counts here (its open reservations still close, the ledger still reconciles) but adds nothing: no
    /// reservation is allocated to it, and no route reaches its counts in this pool any more.
    /// </summary>
    public long AvailableAt<TStore>(IReadOnlyDictionary<string, TStore> regionStores)
    {
        long free = 0;
        foreach (var (storeId, counter) in Stores)
        {
            if (regionStores.ContainsKey(storeId))
            {
                free += counter.OnHand - counter.Reserved;
            }
        }

        return Math.Max(0, free - SafetyStock);
    }

    public StockCounter CounterOf(string storeId)
    {
        if (!Stores.TryGetValue(storeId, out var counter))
        {
            Stores[storeId] = counter = new StockCounter();
        }

        return counter;
    }

    /// <summary>Applies the next ledger line; refuses a gap or a line whose after-counts disagree with the books.</summary>
    public void Apply(StockMovement line)
    {
        if (line.Seq != Seq + 1)
        {
            throw new InvalidOperationException($"Ledger out of order: expected line {Seq + 1}, got {line.Seq}.");
        }

        Seq = line.Seq;
        if (line.Kind == StockMovementKind.SafetyStock)
        {
            SafetyStock = line.OnHandAfter;
            return;
        }

        var counter = CounterOf(line.StoreId);
        counter.OnHand += line.OnHandDelta;
        counter.Reserved += line.ReservedDelta;
        if (counter.OnHand != line.OnHandAfter || counter.Reserved != line.ReservedAfter)
        {
            throw new InvalidOperationException(
                $"Ledger line {line.Seq} says store {line.StoreId} has {line.OnHandAfter} on hand / {line.ReservedAfter} reserved; the books have {counter.OnHand} / {counter.Reserved}.");
        }

        if (_heldByOwner is not null && line.ReservedDelta != 0 && OwnerOf(line) is { } owner)
        {
            _heldByOwner.AddToCount(owner, line.ReservedDelta);
        }

        switch (line.Kind)
        {
            case StockMovementKind.Adjust when line.ReferenceId is not null:
                Adjustments[line.ReferenceId] = new AppliedAdjustment(line.StoreId, line.OnHandDelta, line.At);
                break;
            case StockMovementKind.Reserve:
                AddAllocation(line);
                break;
            case StockMovementKind.Release or StockMovementKind.Confirm when line.Reason?.StartsWith(PartPrefix, StringComparison.Ordinal) == true:
                ClosePart(line);
                break;
            case StockMovementKind.Confirm when line.Reason?.StartsWith(LatePartPrefix, StringComparison.Ordinal) == true:
                if (Closed.TryGetValue(line.ReferenceId!, out var lapsedWhole))
                {
                    Closed[lapsedWhole.ReservationId] = WithoutPart(lapsedWhole, line.StoreId, (int)-line.OnHandDelta, line.Reason[LatePartPrefix.Length..]);
                }

                break;
            case StockMovementKind.Confirm when line.Reason == LateConfirm:
                if (Closed.TryGetValue(line.ReferenceId!, out var lapsed))
                {
                    Closed[lapsed.ReservationId] = lapsed with { Status = ReservationStatus.Confirmed, ClosedAt = line.At };
                }

                break;
            case StockMovementKind.Release or StockMovementKind.Expire or StockMovementKind.Confirm:
                // All closing lines of one reservation are written together; the first moves it to Closed.
                if (Open.Remove(line.ReferenceId!, out var closing))
                {
                    Closed[closing.ReservationId] = closing with
                    {
                        Status = line.Kind switch
                        {
                            StockMovementKind.Confirm => ReservationStatus.Confirmed,
                            StockMovementKind.Expire => ReservationStatus.Expired,
                            _ => ReservationStatus.Released,
                        },
                        ClosedAt = line.At,
                    };
                }

                break;
        }
    }

    /// <summary>Forgets reservations closed before one cutoff and adjustments applied before another; counts are unaffected.</summary>
    public void ForgetBefore(DateTimeOffset reservationsClosedBefore, DateTimeOffset adjustmentsBefore)
    {
        foreach (var (id, reservation) in Closed.Where(c => c.Value.ClosedAt < reservationsClosedBefore).ToList())
        {
            Closed.Remove(id);
        }

        foreach (var (id, _) in Adjustments.Where(a => a.Value.At < adjustmentsBefore).ToList())
        {
            Adjustments.Remove(id);
        }
    }

    /// <summary>A copy for a snapshot: the counters are copied, the (immutable) reservations shared.</summary>
    public PoolBook Clone() => new()
    {
        Seq = Seq,
        SafetyStock = SafetyStock,
        Stores = Stores.ToDictionary(s => s.Key, s => new StockCounter { OnHand = s.Value.OnHand, Reserved = s.Value.Reserved }),
        Open = new Dictionary<string, HeldReservation>(Open),
        Closed = new Dictionary<string, HeldReservation>(Closed),
        Adjustments = new Dictionary<string, AppliedAdjustment>(Adjustments),
    };

    /// <summary>
    /// Whose units a line reserves or frees: a reserve line says so; a closing line is of a reservation still open, or
    /// moved to the closed ones by the first of its lines.
    /// </summary>
    private string? OwnerOf(StockMovement line) =>
        line.Kind == StockMovementKind.Reserve ? line.OwnerId
        : line.ReferenceId is { } id ? (Open.GetValueOrDefault(id) ?? Closed.GetValueOrDefault(id))?.OwnerId
        : null;

    /// <summary>Takes a part's units off an open reservation; when nothing is left it closes.</summary>
    private void ClosePart(StockMovement line)
    {
        var id = line.ReferenceId!;
        if (!Open.TryGetValue(id, out var reservation))
        {
            return;
        }

        var updated = WithoutPart(reservation, line.StoreId, (int)-line.ReservedDelta, line.Reason![PartPrefix.Length..]);
        if (updated.Allocations.IsEmpty)
        {
            Open.Remove(id);
            Closed[id] = updated with
            {
                Status = line.Kind == StockMovementKind.Confirm ? ReservationStatus.Confirmed : ReservationStatus.Released,
                ClosedAt = line.At,
            };
        }
        else
        {
            Open[id] = updated;
        }
    }

    /// <summary>The reservation with a part's units at one store taken off, and the part's id noted.</summary>
    private static HeldReservation WithoutPart(HeldReservation reservation, string storeId, int units, string partId)
    {
        var allocations = reservation.Allocations
            .Select(a => a.StoreId == storeId ? a with { Quantity = a.Quantity - units } : a)
            .Where(a => a.Quantity > 0)
            .ToImmutableArray();
        return reservation with { Allocations = allocations, Parts = (reservation.Parts ?? []).Add(partId) };
    }

    private void AddAllocation(StockMovement line)
    {
        var id = line.ReferenceId!;
        var allocation = new Allocation(line.StoreId, (int)line.ReservedDelta, line.DistanceKm ?? 0);
        Open[id] = Open.TryGetValue(id, out var reservation)
            ? reservation with { Allocations = reservation.Allocations.Add(allocation) }
            : new HeldReservation(
                id,
                line.Reason == ReserveReasons.Pickup ? FulfilmentMode.Pickup : FulfilmentMode.Ship,
                line.ExpiresAt!.Value,
                line.OrderId,
                [allocation],
                ReservationStatus.Held,
                OwnerId: line.OwnerId);
    }
}
