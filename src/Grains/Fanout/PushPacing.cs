namespace PrivateDomain.Realtime.Grains.Fanout;

/// <summary>
/// When a board's or a PK's change is pushed: at most once per <c>interval</c>, and in step with the aggregators'
/// flushes that bring the changes rather than on a clock of its own. On a clock of its own, the push and the flushes
/// drift into any phase; where a flush lands just after a push, its sales wait the whole interval for the next push
/// after already waiting for the flush — up to a flush interval longer than need be. Here a change arriving once the
/// interval has passed goes at once; one arriving just before it goes when it passes (the next flush would come
/// after); an earlier one waits until a little after it, so the flush that comes then carries it along.
/// </summary>
/// <param name="interval">The least time between two pushes.</param>
/// <param name="flushInterval">How often the aggregators flush while sales keep coming.</param>
internal sealed class PushPacing(TimeSpan interval, TimeSpan flushInterval)
{
    private readonly TimeSpan _nearDue = flushInterval / 2;
    private TimeSpan? _pushedAt;

    /// <summary>A change arrived at <paramref name="now"/> (any monotonic clock): how long until it is pushed; zero is now.</summary>
    public TimeSpan DelayFor(TimeSpan now)
    {
        if (_pushedAt is not { } pushedAt || now - pushedAt >= interval)
        {
            return TimeSpan.Zero;
        }

        var untilDue = pushedAt + interval - now;
        return untilDue <= _nearDue ? untilDue : untilDue + _nearDue;
    }

    /// <summary>A push went out at <paramref name="now"/>.</summary>
    public void Pushed(TimeSpan now) => _pushedAt = now;
}
