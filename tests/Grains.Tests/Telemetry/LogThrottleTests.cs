using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Tests.Telemetry;

/// <summary>One line per interval, and each held-back call counted in the next line — not in the line that let the first through.</summary>
public sealed class LogThrottleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void ConcurrentCalls_LetOneThrough_AndTheNextIntervalsLineCountsEveryOther()
    {
        // Many rounds, the threads released together: a call held back while the first one's line is being let through
        // is a race of a few instructions.
        const int threads = 4, callsEach = 200;
        for (var round = 0; round < 2_000; round++)
        {
            var clock = new FakeTimeProvider();
            var throttle = new LogThrottle(Interval, clock);
            var through = new System.Collections.Concurrent.ConcurrentBag<int>();
            using var start = new Barrier(threads);

            var callers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < callsEach; i++)
                {
                    if (throttle.TryLog(out var heldBack))
                    {
                        through.Add(heldBack);
                    }
                }
            })).ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());

            Assert.Equal([0], through);

            clock.Advance(Interval);
            Assert.True(throttle.TryLog(out var next));
            Assert.Equal(threads * callsEach - 1, next);
        }
    }

    [Fact]
    public void ACallJustBeforeTheIntervalEnds_IsHeldBack()
    {
        var clock = new FakeTimeProvider();
        var throttle = new LogThrottle(Interval, clock);

        Assert.True(throttle.TryLog(out _));
        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(throttle.TryLog(out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(throttle.TryLog(out var heldBack));
        Assert.Equal(1, heldBack);
    }
}
