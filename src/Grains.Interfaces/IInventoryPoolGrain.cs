using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// The stock of one SKU in one region (key: <c>{sku}@{region}</c>, see <see cref="PoolKey"/>): on hand per store,
/// open reservations, safety stock and the ledger. A reservation and its store choice are one atomic step here.
/// Every change is durable before the call returns.
/// </summary>
[Alias("pd.IInventoryPoolGrain")]
public interface IInventoryPoolGrain : IGrainWithStringKey
{
    [Alias("SetOnHand")]
    Task<StoreStock> SetOnHand(string storeId, long onHand);

    /// <summary>Sets several stores' counts in one durable step (stock-taking, seeding).</summary>
    [Alias("SetOnHandMany")]
    Task<InventoryView> SetOnHandMany(ImmutableArray<StoreCount> counts);

    /// <summary>Moves on hand by <paramref name="delta"/>; idempotent on <paramref name="adjustmentId"/>.</summary>
    [Alias("Adjust")]
    Task<StoreStock> Adjust(string adjustmentId, string storeId, long delta, string reason);

    [Alias("SetSafetyStock")]
    Task<InventoryView> SetSafetyStock(long safetyStock);

    /// <summary>Holds stock and picks the store(s); idempotent on the reservation id.</summary>
    [Alias("Reserve")]
    Task<Reservation> Reserve(ReservationRequest request);

    /// <summary>Keeps the stock for good: on hand drops at the allocated stores and they get it to fulfil. Idempotent.</summary>
    [Alias("Confirm")]
    Task<Reservation> Confirm(string reservationId);

    /// <summary>
    /// A paid order's confirmation of its reservation (<paramref name="orderId"/> must be the one it was made for):
    /// like <see cref="Confirm"/>, but honoured however late it comes, because the order was paid inside its window.
    /// A reservation past its time is confirmed as it stands; one already lapsed takes its units again at the same
    /// stores, refused (<c>reservation-expired</c>) only when they are no longer free there.
    /// </summary>
    [Alias("ConfirmPaid")]
    Task<Reservation> ConfirmPaid(string reservationId, string orderId);

    /// <summary>Gives the stock back. Idempotent; refused once confirmed.</summary>
    [Alias("Release")]
    Task<Reservation> Release(string reservationId);

    /// <summary>
    /// Keeps part of an open reservation for good (a flash sale's stock, sold to one buyer): the given units leave on
    /// hand and reserved at those stores, which get them to fulfil. Idempotent on <paramref name="partId"/>.
    /// </summary>
    [Alias("ConfirmPart")]
    Task<Reservation> ConfirmPart(string reservationId, string partId, ImmutableArray<Allocation> units);

    /// <summary>Gives part of an open reservation back to the pool; idempotent on <paramref name="partId"/>.</summary>
    [Alias("ReleasePart")]
    Task<Reservation> ReleasePart(string reservationId, string partId, ImmutableArray<Allocation> units);

    [ReadOnly, Alias("GetReservation")]
    Task<Reservation?> GetReservation(string reservationId);

    [ReadOnly, Alias("GetInventory")]
    Task<InventoryView> GetInventory();

    /// <summary>
    /// Durable ledger lines with a sequence number above <paramref name="after"/>, in order: read once every movement
    /// applied before the call is stored, so they hold every movement <see cref="GetInventory"/> showed before it.
    /// </summary>
    [ReadOnly, Alias("GetLedger")]
    Task<LedgerPage> GetLedger(long after, int take);

    /// <summary>
    /// The ledger's latest <paramref name="take"/> lines, in order, as <see cref="GetLedger"/> reads them: a tail to
    /// follow with <see cref="GetLedger"/> from its <c>Next</c>, as a screen watching the movements does.
    /// </summary>
    [ReadOnly, Alias("GetLedgerTail")]
    Task<LedgerPage> GetLedgerTail(int take);

    /// <summary>
    /// This Edge's count of connections watching the pool's counts, reported on change and periodically; zero stops
    /// its pushes (<see cref="IScoreboardObserver.StockUpdate"/>). An unknown SKU or region is refused.
    /// </summary>
    [Alias("Watch")]
    Task Watch(string edgeId, IScoreboardObserver edge, int watchers);

    /// <summary>The counts as <see cref="GetInventory"/> answers them, numbered as the last push: what a watcher starts from.</summary>
    [ReadOnly, Alias("GetStock")]
    Task<StockUpdate> GetStock();
}
