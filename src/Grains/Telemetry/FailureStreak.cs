namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>
/// A run of failures of one operation that is retried every second or so until it gets through (a report to a grain
/// that is unreachable, a registration while the cluster is down): worth a warning when it starts and once per
/// interval while it lasts, with how many tries failed, and one line when it ends — not a warning at every try.
/// Not thread-safe: for one retry loop.
/// </summary>
public sealed class FailureStreak(TimeSpan logInterval, TimeProvider time)
{
    private long _since;
    private long _loggedAt;

    /// <summary>Tries failed since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>How long the tries have been failing.</summary>
    public TimeSpan Lasted => Failures == 0 ? TimeSpan.Zero : time.GetElapsedTime(_since);

    /// <summary>Counts a failed try; true when this one is to be logged (the first, then one per interval).</summary>
    public bool Failed()
    {
        var now = time.GetTimestamp();
        if (Failures++ == 0)
        {
            _since = now;
        }
        else if (time.GetElapsedTime(_loggedAt, now) < logInterval)
        {
            return false;
        }

        _loggedAt = now;
        return true;
    }

    /// <summary>A try got through; true when it ends a streak, with the streak's figures, for one line saying so.</summary>
    public bool Succeeded(out int failures, out TimeSpan lasted)
    {
        failures = Failures;
        lasted = Lasted;
        Failures = 0;
        return failures > 0;
    }
}
