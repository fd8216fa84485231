using PrivateDomain.Realtime.Grains.Fanout;

namespace PrivateDomain.Realtime.Grains.Tests.Fanout;

public sealed class PushPacingTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly PushPacing _pacing = new(Interval, FlushInterval);

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void TheFirstChange_AndOneAfterTheInterval_GoAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, _pacing.DelayFor(Ms(10_000)));
        _pacing.Pushed(Ms(10_000));

        Assert.Equal(TimeSpan.Zero, _pacing.DelayFor(Ms(10_500)));
        Assert.Equal(TimeSpan.Zero, _pacing.DelayFor(Ms(12_000)));
    }

    [Fact]
    public void AChangeJustBeforeTheIntervalPasses_GoesWhenItPasses()
    {
        _pacing.Pushed(Ms(1_000));

        Assert.Equal(Ms(1), _pacing.DelayFor(Ms(1_499)));
        Assert.Equal(Ms(50), _pacing.DelayFor(Ms(1_450)));
    }

    [Fact]
    public void AnEarlierChange_WaitsHalfAFlushPastTheInterval_SoTheNextFlushCanTakeItAlong()
    {
        _pacing.Pushed(Ms(1_000));

        // Due at 1,500; a flush about 100 ms after this one arrives by 1,550 and goes at once, carrying it.
        Assert.Equal(Ms(550), _pacing.DelayFor(Ms(1_000)));
        Assert.Equal(Ms(450), _pacing.DelayFor(Ms(1_100)));
        Assert.Equal(Ms(101), _pacing.DelayFor(Ms(1_449)));
    }

    [Fact]
    public void FlushesEveryTenthOfASecond_ArePushedInStep_NoSaleWaitingMoreThanTheInterval()
    {
        // Flushes arriving 97–103 ms apart (their calls take more or less time), each bringing a change: five of them
        // take a little more or a little less than the interval, and the pushes must stay in step either way.
        var arrivals = new List<TimeSpan>();
        var carriedBy = new List<TimeSpan>();
        var pushes = new List<TimeSpan>();
        TimeSpan? timerAt = null;
        void Push(TimeSpan at)
        {
            pushes.Add(at);
            _pacing.Pushed(at);
            timerAt = null;
            while (carriedBy.Count < arrivals.Count)
            {
                carriedBy.Add(at);
            }
        }

        var arrival = Ms(0);
        for (var flush = 0; flush < 50; flush++)
        {
            arrival += Ms(97 + (flush * 5 % 7));
            if (timerAt is { } due && due <= arrival)
            {
                Push(due);
            }

            arrivals.Add(arrival);
            var delay = _pacing.DelayFor(arrival);
            if (delay == TimeSpan.Zero)
            {
                Push(arrival);
            }
            else if (timerAt is null || arrival + delay < timerAt)
            {
                timerAt = arrival + delay;
            }
        }

        // A sale just after one flush's cut goes with the next flush: it waits from about the one flush's arrival
        // until the push that carries the next. On a push clock of its own, that is up to an interval and a flush.
        var waits = Enumerable.Range(1, carriedBy.Count - 1).Select(k => carriedBy[k] - arrivals[k - 1]).ToList();
        Assert.All(waits, wait => Assert.InRange(wait, TimeSpan.Zero, Interval + FlushInterval / 5));
        Assert.All(pushes.Zip(pushes.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= Interval, $"pushes {gap} apart"));
    }
}
