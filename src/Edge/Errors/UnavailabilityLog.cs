using System.Diagnostics;

namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>
/// Logs that the cluster or its database did not answer — once per <see cref="Interval"/>, with how many more were
/// held back, not once per request: in an outage every request fails alike, and thousands of identical warnings a
/// second would bury everything else (and cost the CPU the Edge needs to recover).
/// </summary>
public sealed class UnavailabilityLog(ILogger<UnavailabilityLog> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private long _nextAt;
    private int _heldBack;

    public void Report(Exception exception)
    {
        var now = Stopwatch.GetTimestamp();
        var nextAt = Interlocked.Read(ref _nextAt);
        if (now < nextAt || Interlocked.CompareExchange(ref _nextAt, now + (long)(Interval.TotalSeconds * Stopwatch.Frequency), nextAt) != nextAt)
        {
            Interlocked.Increment(ref _heldBack);
            return;
        }

        Log.ClusterUnavailable(logger, Interlocked.Exchange(ref _heldBack, 0), exception);
    }
}
