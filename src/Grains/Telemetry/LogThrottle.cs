namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>
/// Lets one log line through per interval for a failure that, in an outage, happens at every request or every round,
/// and counts those held back: thousands of identical lines a second would bury everything else.
/// </summary>
public sealed class LogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long _nextAt = long.MinValue;
    private int _heldBack;

    /// <param name="interval">At most one line per this interval.</param>
    /// <param name="time">The clock: the machine's unless a test fakes it.</param>
    public LogThrottle(TimeSpan interval, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _intervalTicks = (long)(interval.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>True when this one may be logged, with how many were held back since the last; false counts it as held back.</summary>
    public bool TryLog(out int heldBack)
    {
        var now = _time.GetTimestamp();
        var nextAt = Interlocked.Read(ref _nextAt);
        if (now < nextAt || Interlocked.CompareExchange(ref _nextAt, now + _intervalTicks, nextAt) != nextAt)
        {
            Interlocked.Increment(ref _heldBack);
            heldBack = 0;
            return false;
        }

        heldBack = Interlocked.Exchange(ref _heldBack, 0);
        return true;
    }
}
