using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A physical store (key: store id).</summary>
[Alias("pd.IStoreGrain")]
public interface IStoreGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the store; refuses an unknown region and leaves everything as it was.</summary>
    [Alias("Define")]
    Task<StoreProfile> Define(StoreProfile profile);

    [ReadOnly, Alias("GetProfile")]
    Task<StoreProfile?> GetProfile();

    /// <summary>This store's price and promotion for a SKU.</summary>
    [Alias("SetCatalogEntry")]
    Task<StoreCatalogEntry> SetCatalogEntry(StoreCatalogEntry entry);

    [ReadOnly, Alias("GetCatalog")]
    Task<ImmutableDictionary<string, StoreCatalogEntry>> GetCatalog();

    /// <summary>
    /// The store page: the SKUs the store sells, in SKU order (ordinal) — all of them, or with <paramref name="take"/> the
    /// first <paramref name="take"/> after the SKU <paramref name="after"/> (which need not be one of them), and the
    /// page's last SKU as <see cref="StorePage.Next"/> when more follow; with <paramref name="search"/>, only the SKUs
    /// whose name or id contains it (any case).
    /// </summary>
    [ReadOnly, Alias("GetPage")]
    Task<StorePage> GetPage(string? after = null, int? take = null, string? search = null);

    /// <summary>One SKU as the store page shows it (a product's own page, a guide's shared link); null when the store does not sell it.</summary>
    [ReadOnly, Alias("GetPageItem")]
    Task<StorePageItem?> GetPageItem(string sku);

    /// <summary>Queues confirmed units for this store to ship or hand over; idempotent on the reservation id.</summary>
    [Alias("EnqueueFulfilment")]
    Task EnqueueFulfilment(FulfilmentLine line);

    /// <summary>
    /// What this store still has to ship or hand over, one entry per order (or standalone reservation), the oldest
    /// first: all of it, or only what goes by <paramref name="mode"/>, or the oldest <paramref name="take"/>.
    /// </summary>
    [ReadOnly, Alias("GetFulfilmentQueue")]
    Task<ImmutableArray<StoreFulfilment>> GetFulfilmentQueue(FulfilmentMode? mode = null, int? take = null);

    /// <summary>How many orders wait here to be shipped or handed over, and since when: an operator's view of a region's stores.</summary>
    [ReadOnly, Alias("GetFulfilmentSummary")]
    Task<StoreFulfilmentSummary> GetFulfilmentSummary();

    /// <summary>
    /// The order waiting to be picked up here whose pick-up code is <paramref name="pickupCode"/>, for the counter: the
    /// member shows the code, and the staff find their order without looking through the queue. Refused with
    /// <c>unknown-pickup-code</c> when none has it, and <c>pickup-code-ambiguous</c> when two waiting here share it (the
    /// codes are six random digits).
    /// </summary>
    [ReadOnly, Alias("FindPickup")]
    Task<StoreFulfilment> FindPickup(string pickupCode);

    /// <summary>The store shipped or handed over an order's part; idempotent.</summary>
    [Alias("CompleteFulfilment")]
    Task CompleteFulfilment(string fulfilmentId);

    /// <summary>
    /// The store shipped or handed over a reservation confirmed through the stock routes (one made without an order, so
    /// there is no order to fulfil). Idempotent: done again, it answers the same. Refused (<c>reservation-of-order</c>)
    /// for an order's reservation, and <c>unknown-reservation</c> when the store was never given it to fulfil.
    /// </summary>
    [Alias("FulfilReservation")]
    Task<ReservationFulfilment> FulfilReservation(string sku, string reservationId);

    /// <summary>Counts a sale (paid order part or in-store sale) to the store's day; idempotent on the sale id.</summary>
    [Alias("RecordSale")]
    Task RecordSale(string saleId, long amount, DateTimeOffset at);
}
