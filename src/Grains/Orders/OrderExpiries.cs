using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>
/// Records the expiry of this silo's unpaid orders when their time comes (a singleton service the orders call in
/// process), so an order need not stay in memory until then: at thousands of orders a second in a flash sale, one
/// activation per unpaid order for its whole payment window was most of the silo's memory. An order is watched
/// when it is placed (or activated unpaid) and forgotten when it is paid or cancelled; at its time the order is
/// asked to record its expiry, which activates it if it was collected. A failed call is retried a little later.
/// </summary>
/// <remarks>
/// Kept in memory, like the grain timers it replaces. After a restart an unpaid order is watched again when it is next
/// activated, or when a pool that stores its reservation activates (each pool's expiry reminder wakes it within a
/// minute); whatever reads it before that already sees it expired.
/// </remarks>
public sealed class OrderExpiries : IDisposable
{
    /// <summary>How often the due orders are looked for: an order's expiry is recorded within this of its time.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How soon an order whose expiry could not be recorded is asked again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most one warning per this interval for expiries not recorded: while the cluster or its database is down every
    /// due order fails alike, and each is retried every <see cref="RetryDelay"/>.
    /// </summary>
    public static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly Func<string, Task> _recordExpiry;
    private readonly TimeProvider _time;
    private readonly ILogger<OrderExpiries> _logger;
    private readonly LogThrottle _failureLog;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _watched = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byTime = new();
    private readonly ITimer _timer;
    private bool _checking;
    private bool _checkAgain;
    private bool _disposed;

    /// <summary>Timed on the grains' <see cref="TimeProvider"/>: an order's expiry is business time.</summary>
    public OrderExpiries(IGrainFactory grains, TimeProvider time, ILogger<OrderExpiries> logger)
        : this(orderId => grains.GetGrain<IOrderGrain>(orderId).RecordExpiry(), time, logger)
    {
    }

    internal OrderExpiries(Func<string, Task> recordExpiry, TimeProvider time, ILogger<OrderExpiries> logger)
    {
        _recordExpiry = recordExpiry;
        _time = time;
        _logger = logger;
        _failureLog = new LogThrottle(FailureLogInterval, time);

        // One tick armed at a time, each arming the next, rather than a periodic timer: a clock moved a month at once
        // (a test's) then ticks once, where a period of a second would tick 2.6 million times in that one move.
        _timer = time.CreateTimer(_ => Tick(), null, CheckInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The orders watched now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _watched.Count;
            }
        }
    }

    /// <summary>Asks the order to record its expiry at <paramref name="expiresAt"/> (replacing an earlier time).</summary>
    public void Watch(string orderId, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            if (_watched.TryGetValue(orderId, out var watchedAt) && watchedAt == expiresAt)
            {
                return;
            }

            _watched[orderId] = expiresAt;
            _byTime.Enqueue(orderId, expiresAt);
        }
    }

    /// <summary>
    /// Watches an order the silo may have lost track of (after a restart), at <paramref name="expiresAt"/>, unless it
    /// is watched already: whoever stores the order's stock (a pool, a live room) knows only when that stock lapses,
    /// which is never before the order's own expiry, and an order watched by its own activation keeps its exact time.
    /// </summary>
    public void WatchIfUnknown(string orderId, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            if (_watched.TryAdd(orderId, expiresAt))
            {
                _byTime.Enqueue(orderId, expiresAt);
            }
        }
    }

    /// <summary>The order was paid or cancelled: nothing to record. (Its place in the queue is skipped when reached.)</summary>
    public void Forget(string orderId)
    {
        lock (_lock)
        {
            _watched.Remove(orderId);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Tick()
    {
        Check();
        lock (_lock)
        {
            if (!_disposed)
            {
                _timer.Change(CheckInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Check()
    {
        lock (_lock)
        {
            // One round at a time, and none lost: a tick during a round (a slow round of calls, or a test's clock moved
            // many seconds at once) has the round run once more when it ends.
            if (_checking)
            {
                _checkAgain = true;
                return;
            }

            _checking = true;
        }

        _ = Task.Run(CheckWhileAsked);
    }

    private async Task CheckWhileAsked()
    {
        while (true)
        {
            await Task.WhenAll(TakeDue().Select(RecordExpiry));
            lock (_lock)
            {
                if (!_checkAgain)
                {
                    _checking = false;
                    return;
                }

                _checkAgain = false;
            }
        }
    }

    private List<string> TakeDue()
    {
        var now = _time.GetUtcNow();
        var due = new List<string>();
        lock (_lock)
        {
            while (_byTime.TryPeek(out var orderId, out var at) && at <= now)
            {
                _byTime.Dequeue();

                // Skipped when forgotten, or watched again for another time (which has its own place in the queue).
                if (_watched.TryGetValue(orderId, out var watchedAt) && watchedAt == at)
                {
                    _watched.Remove(orderId);
                    due.Add(orderId);
                }
            }
        }

        return due;
    }

    private async Task RecordExpiry(string orderId)
    {
        try
        {
            await _recordExpiry(orderId);
        }
        catch (Exception ex)
        {
            if (_failureLog.TryLog(out var heldBack))
            {
                Log.OrderExpiryNotRecorded(_logger, orderId, heldBack, ex);
            }

            Watch(orderId, _time.GetUtcNow() + RetryDelay);
        }
    }
}
