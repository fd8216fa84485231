using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A live room's holds on its flash sales' units, one per order: in memory by order id (so a repeated buy, a payment
/// or a release is recognised), queued by expiry (so housekeeping looks only at those due), and stored by group
/// commit, one row per order. A hold sold or released leaves memory <see cref="RememberSettledFor"/> after its expiry,
/// so a room's memory follows its last hour of buying, not every order of its life. Not thread-safe: it relies on the
/// room's single-threaded turns.
/// </summary>
internal sealed class SaleHolds
{
    /// <summary>
    /// How long after its expiry a settled hold is still known in memory. Repeats (a retried buy, payment or release)
    /// come within minutes; later, a buy with that order id is taken for a new one, whose units lapse back to the sale
    /// unpaid, since the order already exists.
    /// </summary>
    public static readonly TimeSpan RememberSettledFor = TimeSpan.FromHours(1);

    private readonly string _roomId;
    private readonly ISaleHoldStore _store;
    private readonly Dictionary<string, SaleHold> _byOrder = new(StringComparer.Ordinal);

    /// <summary>Held orders by expiry; an entry whose hold was resolved meanwhile is skipped by the caller.</summary>
    private readonly PriorityQueue<string, DateTimeOffset> _expiring = new();

    /// <summary>
    /// Units each buyer took of each sale (held or sold; a released hold no longer counts), over every hold the room
    /// has stored, not only those still in memory.
    /// </summary>
    private readonly Dictionary<(string SaleId, string BuyerId), int> _taken = [];

    /// <summary>Orders past their expiry, by when their settled hold may leave memory.</summary>
    private readonly PriorityQueue<string, DateTimeOffset> _forgetting = new();
    private readonly GroupCommit<SaleHold> _writes;

    /// <param name="failed">
    /// A write failed and may have landed unheard: the room must rebuild its holds from storage (deactivate).
    /// </param>
    public SaleHolds(string roomId, ISaleHoldStore store, Action failed)
    {
        _roomId = roomId;
        _store = store;
        _writes = new GroupCommit<SaleHold>(Write, _ => failed());
    }

    /// <summary>Whether a held order is still waiting to lapse.</summary>
    public bool AnyWaitingToLapse => _expiring.Count > 0;

    /// <summary>
    /// Reads the room's holds and keeps those still held or recently settled; answers every hold that took units
    /// (held or sold), by sale.
    /// </summary>
    public async Task<ILookup<string, SaleHold>> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = await _store.ReadAsync(_roomId, cancellationToken);
        foreach (var hold in all)
        {
            Tally(null, hold);
            if (hold.Status == HoldStatus.Held)
            {
                _byOrder[hold.OrderId] = hold;
                _expiring.Enqueue(hold.OrderId, hold.ExpiresAt);
            }
            else if (hold.ExpiresAt + RememberSettledFor > now)
            {
                _byOrder[hold.OrderId] = hold;
                _forgetting.Enqueue(hold.OrderId, hold.ExpiresAt + RememberSettledFor);
            }
        }

        return all.Where(h => h.Status != HoldStatus.Released).ToLookup(h => h.SaleId);
    }

    public SaleHold? Find(string orderId) => _byOrder.GetValueOrDefault(orderId);

    /// <summary>The units <paramref name="buyerId"/> holds or bought of the sale.</summary>
    public int TakenBy(string saleId, string buyerId) => _taken.GetValueOrDefault((saleId, buyerId));

    /// <summary>A new hold: known at once; the task completes when it is stored.</summary>
    public Task Add(SaleHold hold)
    {
        Tally(null, hold);
        _byOrder[hold.OrderId] = hold;
        _expiring.Enqueue(hold.OrderId, hold.ExpiresAt);
        return _writes.Append([hold]);
    }

    /// <summary>A hold sold or released: known at once; the task completes when it is stored.</summary>
    public Task Update(SaleHold hold)
    {
        Mark(hold);
        return _writes.Append([hold]);
    }

    /// <summary>
    /// A hold sold or released, known at once but stored only by a later <see cref="Update"/>: for a change that must
    /// wait until something else is stored first. Until then storage still has the hold as it was.
    /// </summary>
    public void Mark(SaleHold hold)
    {
        Tally(_byOrder.GetValueOrDefault(hold.OrderId), hold);
        _byOrder[hold.OrderId] = hold;
    }

    /// <summary>Completes when every change so far is stored (a repeat is answered only once its first is).</summary>
    public Task WhenAllDurable() => _writes.WhenAllDurable();

    /// <summary>The orders whose holds were due to lapse by <paramref name="now"/> (some may have been resolved since).</summary>
    public List<string> TakeDue(DateTimeOffset now)
    {
        var due = new List<string>();
        while (_expiring.TryPeek(out var orderId, out var expiresAt) && expiresAt <= now)
        {
            _expiring.Dequeue();
            due.Add(orderId);
            _forgetting.Enqueue(orderId, expiresAt + RememberSettledFor);
        }

        return due;
    }

    /// <summary>Lets settled holds go from memory once <see cref="RememberSettledFor"/> has passed since their expiry.</summary>
    public void ForgetSettled(DateTimeOffset now)
    {
        while (_forgetting.TryPeek(out var orderId, out var forgetAt) && forgetAt <= now)
        {
            _forgetting.Dequeue();
            if (_byOrder.GetValueOrDefault(orderId) is { Status: not HoldStatus.Held })
            {
                _byOrder.Remove(orderId);
            }
        }
    }

    /// <summary>
    /// Whether any order's units are still held. Unlike <see cref="AnyWaitingToLapse"/> it skips holds settled before
    /// their expiry, and looks at every hold in memory to do so: for deactivation, not for every tick.
    /// </summary>
    public bool AnyHeld => _byOrder.Values.Any(h => h.Status == HoldStatus.Held);

    /// <summary>The holds known in memory now.</summary>
    public int Count => _byOrder.Count;

    /// <summary>Keeps <see cref="TakenBy"/>: a hold's units count from when it is taken until it is released.</summary>
    private void Tally(SaleHold? before, SaleHold after)
    {
        var counted = before is { Status: not HoldStatus.Released };
        var counts = after.Status != HoldStatus.Released;
        if (counted != counts)
        {
            _taken.AddToCount((after.SaleId, after.BuyerId), counts ? after.Quantity : -after.Quantity);
        }
    }

    /// <summary>One write for a batch; an order changed twice in the batch is written as it is now.</summary>
    private Task Write(IReadOnlyList<SaleHold> batch) =>
        _store.WriteAsync(_roomId, [.. batch.GroupBy(h => h.OrderId).Select(changes => changes.Last())]);
}
