using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>How a silo asks its unpaid orders to record their expiry: at their time, once, not when paid, again after a failure.</summary>
public sealed class OrderExpiriesTests : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _asked = new();
    private readonly List<OrderExpiries> _made = [];

    public void Dispose()
    {
        foreach (var expiries in _made)
        {
            expiries.Dispose();
        }
    }

    [Fact]
    public async Task Order_IsAskedAtItsTime_NotBefore_AndOnlyOnce()
    {
        var expiries = Expiries();
        expiries.Watch("o-1", _clock.GetUtcNow().AddSeconds(3));
        expiries.Watch("o-2", _clock.GetUtcNow().AddSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(200, Cancel);
        Assert.Empty(_asked);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _asked.Count == 1, cancellationToken: Cancel);
        Assert.Equal(["o-1"], _asked);
        Assert.Equal(1, expiries.Count);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.True(() => _asked.Count == 2, cancellationToken: Cancel);
        await Task.Delay(200, Cancel);
        Assert.Equal(["o-1", "o-2"], _asked);
        Assert.Equal(0, expiries.Count);
    }

    [Fact]
    public async Task ForgottenOrder_IsNotAsked_AndAnOrderWatchedAgain_IsAskedOnlyAtItsNewTime()
    {
        var expiries = Expiries();
        var start = _clock.GetUtcNow();
        expiries.Watch("o-paid", start.AddSeconds(2));
        expiries.Forget("o-paid");
        expiries.Watch("o-moved", start.AddSeconds(2));
        expiries.Watch("o-moved", start.AddSeconds(5));
        expiries.Watch("o-moved", start.AddSeconds(5));

        _clock.Advance(TimeSpan.FromSeconds(3));
        await Task.Delay(200, Cancel);
        Assert.Empty(_asked);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(() => !_asked.IsEmpty, cancellationToken: Cancel);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(200, Cancel);
        Assert.Equal(["o-moved"], _asked);
    }

    [Fact]
    public async Task WatchIfUnknown_KeepsAWatchedOrdersOwnTime_AndWatchesAnOrderNotWatched()
    {
        var expiries = Expiries();
        expiries.Watch("o-own", _clock.GetUtcNow().AddSeconds(1));
        expiries.WatchIfUnknown("o-own", _clock.GetUtcNow().AddSeconds(30));
        expiries.WatchIfUnknown("o-forgotten", _clock.GetUtcNow().AddSeconds(2));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually.True(() => _asked.Count == 2, cancellationToken: Cancel);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(200, Cancel);

        Assert.Equal(["o-forgotten", "o-own"], _asked.Order());
    }

    [Fact]
    public async Task FailedCall_IsRetried_AfterTheRetryDelay()
    {
        var attempts = 0;
        var expiries = Expiries(orderId =>
        {
            _asked.Enqueue(orderId);
            return Interlocked.Increment(ref attempts) == 1 ? Task.FromException(new TimeoutException("silo busy")) : Task.CompletedTask;
        });
        expiries.Watch("o-1", _clock.GetUtcNow().AddSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _asked.Count == 1, cancellationToken: Cancel);
        await Eventually.True(() => expiries.Count == 1, cancellationToken: Cancel);

        _clock.Advance(OrderExpiries.RetryDelay);
        await Eventually.True(() => _asked.Count == 2, cancellationToken: Cancel);
        await Eventually.True(() => expiries.Count == 0, cancellationToken: Cancel);
    }

    [Fact]
    public async Task ManyFailedCalls_MakeOneWarningPerInterval_WithTheCountHeldBack()
    {
        var logger = new FakeLogger<OrderExpiries>();
        var expiries = Expiries(
            orderId =>
            {
                _asked.Enqueue(orderId);
                return Task.FromException(new TimeoutException("cluster unreachable"));
            },
            logger);
        for (var i = 0; i < 50; i++)
        {
            expiries.Watch($"o-{i}", _clock.GetUtcNow().AddSeconds(1));
        }

        // Fifty fail now, and again at each retry: 150 failures in 10 s.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _asked.Count == 50, cancellationToken: Cancel);
        _clock.Advance(OrderExpiries.RetryDelay);
        await Eventually.True(() => _asked.Count == 100, cancellationToken: Cancel);
        _clock.Advance(OrderExpiries.RetryDelay);
        await Eventually.True(() => _asked.Count == 150, cancellationToken: Cancel);
        await Task.Delay(100, Cancel);

        var warnings = logger.Collector.GetSnapshot();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Contains("and 0 more", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("and 99 more", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClockMovedMinutesAtOnce_AsksEveryOrderDueByThen()
    {
        var expiries = Expiries();
        for (var i = 0; i < 100; i++)
        {
            expiries.Watch($"o-{i}", _clock.GetUtcNow().AddSeconds(i * 3));
        }

        _clock.Advance(TimeSpan.FromMinutes(10));
        await Eventually.True(() => _asked.Count == 100, cancellationToken: Cancel);
        Assert.Equal(100, _asked.Distinct().Count());
    }

    [Fact]
    public async Task ClockMovedAMonthAtOnce_TicksOnce_AsksEveryOrderDueByThen_AndGoesOnTicking()
    {
        var clock = new CountingClock(_clock);
        var expiries = Expiries(clock: clock);
        expiries.Watch("o-1", _clock.GetUtcNow().AddDays(1));
        expiries.Watch("o-2", _clock.GetUtcNow().AddDays(20));

        _clock.Advance(TimeSpan.FromDays(31));
        await Eventually.True(() => _asked.Count == 2, cancellationToken: Cancel);
        Assert.Equal(1, clock.Callbacks);

        expiries.Watch("o-3", _clock.GetUtcNow().AddSeconds(1));
        _clock.Advance(OrderExpiries.CheckInterval);
        await Eventually.True(() => _asked.Count == 3, cancellationToken: Cancel);
        Assert.Equal(["o-1", "o-2", "o-3"], _asked);
        Assert.Equal(2, clock.Callbacks);
    }

    [Fact]
    public async Task Disposed_AsksNothingMore()
    {
        var expiries = Expiries();
        expiries.Watch("o-1", _clock.GetUtcNow().AddSeconds(1));
        expiries.Dispose();

        _clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(200, Cancel);
        Assert.Empty(_asked);
    }

    private OrderExpiries Expiries(Func<string, Task>? recordExpiry = null, ILogger<OrderExpiries>? logger = null, TimeProvider? clock = null)
    {
        var expiries = new OrderExpiries(recordExpiry ?? (orderId =>
        {
            _asked.Enqueue(orderId);
            return Task.CompletedTask;
        }), clock ?? _clock, logger ?? NullLogger<OrderExpiries>.Instance);
        _made.Add(expiries);
        return expiries;
    }

    /// <summary>The test's clock, counting how often the timers made on it call back.</summary>
    private sealed class CountingClock(FakeTimeProvider clock) : TimeProvider
    {
        private int _callbacks;

        public int Callbacks => Volatile.Read(ref _callbacks);

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.CreateTimer(s =>
            {
                Interlocked.Increment(ref _callbacks);
                callback(s);
            }, state, dueTime, period);
    }
}
