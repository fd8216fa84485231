using System.Diagnostics;

namespace PrivateDomain.Realtime.Edge.Telemetry;

/// <summary>
/// Lets one log line through per interval for a failure that, in an outage, happens at every request or every round,
/// and counts those held back: thousands of identical lines a second would bury everything else.
/// </summary>
public sealed class LogThrottle(TimeSpan interval)
{
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private long _nextAt;
    private int _heldBack;

    /// <summary>True when this one may be logged, with how many were held back since the last; false counts it as held back.</summary>
    public bool TryLog(out int heldBack)
    {
        var now = Stopwatch.GetTimestamp();
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
