using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A flash sale's stock: the pool reservation it came from, per store the units it took (<see cref="Allocated"/>) and
/// what is still free to buy. Free is what the room changes as buyers hold units; on activation it is derived again from
/// the stored holds (<see cref="FreeAfter"/>), so the room's state need not be written for every buy.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.FlashSale")]
public sealed record FlashSale(
    [property: Id(0)] string SaleId,
    [property: Id(1)] string Sku,
    [property: Id(2)] long Price,
    [property: Id(3)] int Quantity,
    [property: Id(4)] string PoolReservationId,
    [property: Id(5)] ImmutableDictionary<string, int> Free,
    [property: Id(6)] FlashSaleStatus Status,
    [property: Id(7)] ImmutableDictionary<string, int> Allocated,
    [property: Id(8)] DateTimeOffset? ClosesAt)
{
    /// <summary>
    /// Whether the sale sells at <paramref name="now"/>: active, and before it closes ahead of its pool reservation's
    /// lapse. (A sale stored before closing times were kept, 2026-12-02, has none and sells until the room ends.)
    /// </summary>
    public bool SellsAt(DateTimeOffset now) => Status == FlashSaleStatus.Active && (ClosesAt is null || now < ClosesAt);

    /// <summary>Ended: nothing more sells, nothing is free (the unsold units go back to the pool).</summary>
    public FlashSale Ended() => this with { Status = FlashSaleStatus.Ended, Free = ImmutableDictionary<string, int>.Empty };

    public int Remaining => Free.Values.Sum();

    public FlashSaleView View => new(SaleId, Sku, Price, Quantity, Status == FlashSaleStatus.Active ? Remaining : 0, Status);

    public FlashSale Add(IEnumerable<Allocation> units) =>
        this with { Free = units.Aggregate(Free, (free, u) => free.SetItem(u.StoreId, free.GetValueOrDefault(u.StoreId) + u.Quantity)) };

    /// <summary>The sale with <paramref name="units"/> (picked by <see cref="NearestUnits"/>) no longer free.</summary>
    public FlashSale Take(IEnumerable<Allocation> units) =>
        this with { Free = units.Aggregate(Free, (free, u) => free.SetItem(u.StoreId, free[u.StoreId] - u.Quantity)) };

    /// <summary>
    /// Free units for a buyer, from the sale's stores nearest to them first (ties by store id); the caller has checked
    /// that <see cref="Remaining"/> covers <paramref name="quantity"/>. A store missing from <paramref name="positions"/>
    /// ranks last, with no distance.
    /// </summary>
    public ImmutableArray<Allocation> NearestUnits(int quantity, GeoPoint buyer, IReadOnlyDictionary<string, GeoPoint> positions)
    {
        double DistanceTo(string storeId) => positions.TryGetValue(storeId, out var at) ? Math.Round(buyer.DistanceKmTo(at), 3) : double.MaxValue;

        var units = ImmutableArray.CreateBuilder<Allocation>();
        var needed = quantity;
        foreach (var (storeId, free) in Free.Where(f => f.Value > 0).OrderBy(f => DistanceTo(f.Key)).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            if (needed == 0)
            {
                break;
            }

            var take = Math.Min(free, needed);
            units.Add(new Allocation(storeId, take, positions.ContainsKey(storeId) ? DistanceTo(storeId) : 0));
            needed -= take;
        }

        return units.ToImmutable();
    }

    /// <summary>
    /// The sale with what is free given the units its orders hold or bought: for an active sale its allocation less
    /// those; an ended sale has nothing free (its unsold units went back to the pool).
    /// </summary>
    public FlashSale FreeAfter(IEnumerable<SaleHold> taken) =>
        Status != FlashSaleStatus.Active ? this with { Free = ImmutableDictionary<string, int>.Empty }

        // A sale stored before allocations were kept (2026-12-01) keeps the free units it was stored with.
        : Allocated is null ? this
        : this with
        {
            Free = taken.SelectMany(h => h.Units).Aggregate(Allocated, (free, u) => free.SetItem(u.StoreId, free.GetValueOrDefault(u.StoreId) - u.Quantity)),
        };
}
