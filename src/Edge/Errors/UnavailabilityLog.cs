using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Edge.Errors;

/// <summary>
/// Logs that the cluster or its database did not answer — once per <see cref="Interval"/>, with how many more were
/// held back, not once per request: in an outage every request fails alike (and logging each would cost the CPU the
/// Edge needs to recover).
/// </summary>
public sealed class UnavailabilityLog(ILogger<UnavailabilityLog> logger, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly LogThrottle _throttle = new(Interval, time);

    public void Report(Exception exception)
    {
        if (_throttle.TryLog(out var heldBack))
        {
            Log.ClusterUnavailable(logger, heldBack, exception);
        }
    }
}
