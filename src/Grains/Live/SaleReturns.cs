using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A room's flash-sale units going back to the region's pools: a sale's unsold units when it ends, the units of an
/// order that lapsed after its sale ended, and the reservation of a sale start cut short. What is owed is noted in the
/// room's state (<see cref="LiveRoomState.GiveBacks"/>), which the room stores before sending it; a pool that cannot be
/// reached now gets it later, and each part is released once however often it is sent.
/// </summary>
internal sealed class SaleReturns(LiveRoomState room, string roomId, IGrainFactory grains, ILogger logger)
{
    // Shared by the silo's rooms: a pool unreachable for a while fails every room's give-back alike.
    private static readonly LogThrottle Failures = new(TimeSpan.FromSeconds(10));

    public bool AnyOwed => room.GiveBacks.Count > 0;

    /// <summary>Notes a sale's unsold units (what it has free) as owed back; the sale is ending.</summary>
    public void OweUnsold(FlashSale sale) => Owe(sale, $"end/{sale.SaleId}", sale.Free.Select(f => new Allocation(f.Key, f.Value, 0)));

    /// <summary>Notes the units an order held as owed back: the order lapsed after its sale ended.</summary>
    public void OweLapsed(FlashSale sale, string orderId, IEnumerable<Allocation> units) => Owe(sale, $"lapsed/{orderId}", units);

    /// <summary>Gives the owed units back to the region's pools; answers whether any part went back (the state changed).</summary>
    public async Task<bool> GiveBackOwedAsync()
    {
        var anyGiven = false;
        foreach (var (partId, owed) in room.GiveBacks.ToList())
        {
            if (await GaveBack(owed.Sku, owed.SaleId, pool => pool.ReleasePart(owed.PoolReservationId, partId, owed.Units)))
            {
                room.GiveBacks.Remove(partId);
                anyGiven = true;
            }
        }

        return anyGiven;
    }

    /// <summary>
    /// Releases the pool reservation of a sale start cut short (the pool answers an id it never took as unknown, which
    /// is fine too); false when the pool cannot be reached now.
    /// </summary>
    public Task<bool> UndoStartAsync(string saleId, SaleStart start) => GaveBack(start.Sku, saleId, pool => pool.Release(start.PoolReservationId));

    /// <summary>
    /// Notes units of a sale's pool reservation as owed, under the id of the pool's part release. A paid order confirms
    /// its units on the same reservation under its own id, and the pool does each part id once: with a '/', which no
    /// order id has, a buyer choosing the order id <c>{saleId}-end</c> (as these once were) cannot have the sale's end
    /// taken for their payment's confirmation, or the other way round.
    /// </summary>
    private void Owe(FlashSale sale, string partId, IEnumerable<Allocation> units)
    {
        var merged = units.GroupBy(u => u.StoreId).Select(g => new Allocation(g.Key, g.Sum(u => u.Quantity), 0)).Where(u => u.Quantity > 0).ToImmutableArray();
        if (!merged.IsEmpty)
        {
            room.GiveBacks[partId] = new SaleGiveBack(sale.SaleId, sale.Sku, sale.PoolReservationId, merged);
        }
    }

    /// <summary>
    /// Sends a sale's units back to its SKU's pool: true once the pool has them — also when it refuses (the reservation
    /// lapsed, or was never taken: nothing is out of the region); false when it cannot be reached now, or answers that
    /// it is recovering from a failed write (<see cref="ErrorKind.Unavailable"/>, a refusal of nothing), for housekeeping
    /// to try again, rather than keep the units out of the region until the sale's reservation lapses a day later.
    /// </summary>
    private async Task<bool> GaveBack(string sku, string saleId, Func<IInventoryPoolGrain, Task> release)
    {
        try
        {
            await release(grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, room.Info!.RegionId)));
            return true;
        }
        catch (DomainException ex) when (ex.Kind != ErrorKind.Unavailable)
        {
            Log.SaleGiveBackSkipped(logger, roomId, saleId, ex.Code);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (Failures.TryLog(out var heldBack))
            {
                Log.SaleGiveBackFailed(logger, roomId, saleId, heldBack, ex);
            }

            return false;
        }
    }
}
