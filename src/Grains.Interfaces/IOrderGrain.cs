using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// One order (key: client-chosen order id): Reserved → Paid → Fulfilled, or Cancelled / Expired. Paying records the
/// payment and the settlement durably, then delivers the order's effects (stock, guide, store, member, room)
/// exactly once through an outbox.
/// </summary>
[Alias("pd.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Reserves every line, all or nothing; idempotent on the order id.</summary>
    [Alias("Place")]
    Task<Order> Place(PlaceOrder order);

    /// <summary>Idempotent on the payment id; the amount must equal the total.</summary>
    [Alias("Pay")]
    Task<Order> Pay(PayOrder payment);

    [Alias("Cancel")]
    Task<Order> Cancel();

    /// <summary>One fulfilling store ships or hands over its part; pick-up needs the order's pick-up code.</summary>
    [Alias("Fulfil")]
    Task<Order> Fulfil(string storeId, string? pickupCode);

    /// <summary>
    /// Records the expiry of an unpaid order whose time is up (and tells its member); otherwise changes nothing.
    /// Called by the silo when the time comes, so the order need not wait in memory for it.
    /// </summary>
    [Alias("RecordExpiry")]
    Task RecordExpiry();

    [ReadOnly, Alias("Get")]
    Task<Order?> Get();
}
