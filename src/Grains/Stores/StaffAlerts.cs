using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Notifications;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// Tells a store's staff that its fulfilment queue gained work, whoever's customer bought: at once, then at most once
/// per <see cref="Interval"/>, since a flash sale queues hundreds of orders in seconds and one alert can say how many
/// came. An order counts as new once: its second SKU's line, or a confirmation repeated, adds nothing. A franchise
/// store's alert also goes to whoever watches its franchisee's account (the account as the store names it now).
/// </summary>
internal sealed class StaffAlerts
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly string _storeId;
    private readonly UserNotifier _notifier;
    private readonly Func<IEnumerable<string>> _waitingFulfilments;
    private readonly Func<string?> _franchisee;
    private readonly PacedPush _push;

    // What the last alert counted (or what waited when the store started): the next one announces the rest.
    private HashSet<string> _announced;

    public StaffAlerts(IGrainBase store, string storeId, UserNotifier notifier, Func<IEnumerable<string>> waitingFulfilments, Func<string?> franchisee)
    {
        _storeId = storeId;
        _notifier = notifier;
        _waitingFulfilments = waitingFulfilments;
        _franchisee = franchisee;
        _announced = Waiting();
        _push = new PacedPush(store, Interval, flushInterval: TimeSpan.Zero, Alert);
    }

    /// <summary>Lines were added to the queue.</summary>
    public void QueueGrew() => _push.Soon();

    private void Alert()
    {
        var waiting = Waiting();
        var added = waiting.Count(id => !_announced.Contains(id));
        _announced = waiting;
        if (added > 0)
        {
            var text = $"{added} new {(added == 1 ? "order" : "orders")} to ship or hand over; {waiting.Count} waiting.";
            var alert = new StoreAlert(_storeId, added, waiting.Count, text);
            _notifier.StoreAlert(_storeId, alert);
            if (_franchisee() is { } accountId)
            {
                _notifier.AccountStoreAlert(accountId, alert);
            }
        }
    }

    private HashSet<string> Waiting() => _waitingFulfilments().ToHashSet(StringComparer.Ordinal);
}
