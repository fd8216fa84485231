using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Effects;

/// <summary>
/// Says that effects could not be delivered yet: once per <see cref="Interval"/> per silo, with how many more were held
/// back since the last line. In an outage (a silo lost, the database down) every paid order's effects fail alike and
/// each retries every few seconds; a warning per effect per try would bury the line that says what is wrong.
/// </summary>
public sealed class DeferredEffectsLog
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ILogger<DeferredEffectsLog> _logger;
    private readonly LogThrottle _throttle;

    /// <summary>Timed on the machine's clock: how often a log line may be written is wall time, not the grains' <see cref="TimeProvider"/>.</summary>
    public DeferredEffectsLog(ILogger<DeferredEffectsLog> logger)
        : this(logger, TimeProvider.System)
    {
    }

    internal DeferredEffectsLog(ILogger<DeferredEffectsLog> logger, TimeProvider clock)
    {
        _logger = logger;
        _throttle = new LogThrottle(Interval, clock);
    }

    public void Deferred(string owner, string effect, Exception exception)
    {
        if (_throttle.TryLog(out var heldBack))
        {
            Log.EffectDeferred(_logger, owner, effect, heldBack, exception);
        }
    }
}
