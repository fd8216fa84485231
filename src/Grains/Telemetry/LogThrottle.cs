namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>
/// Lets one log line through per interval for a failure that, in an outage, happens at every request or every round,
/// and counts those held back: thousands of identical lines a second would bury everything else.
/// </summary>
public sealed class LogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Lock _gate = new();
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
    /// <remarks>
    /// A lock, not a compare-and-swap: letting one through and taking the count must be one step, or a call held back in
    /// between is counted in this line instead of the next. Only failures come here, and a lock costs less than the log.
    /// </remarks>
    public bool TryLog(out int heldBack)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (now < _nextAt)
            {
                _heldBack++;
                heldBack = 0;
                return false;
            }

            _nextAt = now + _intervalTicks;
            heldBack = _heldBack;
            _heldBack = 0;
            return true;
        }
    }
}
