using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// A reminder that exists only to bring its grain back after a restart while the grain has work due on a clock (a pool's
/// open reservations, a room's held units): grain timers do that work while the grain is in memory, but a silo that
/// goes down takes them along, and nothing else would activate the grain. Registered once, when such work appears;
/// removed by the deactivation that finds none left. Its firing needs nothing but the activation itself.
/// </summary>
internal sealed class WakeUpReminder(Grain grain, string name, ILogger logger)
{
    /// <summary>How late, at most, a grain comes back after a restart.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    // Shared by every grain in the process (a silo): when the reminder table cannot be written, every pool and room with
    // work due fails alike, and each tries again at its next request.
    private static readonly LogThrottle Failures = new(TimeSpan.FromSeconds(10));

    private bool _registered;

    /// <summary>The reminder fired: it exists, whoever registered it, and the next deactivation with nothing due removes it.</summary>
    public void Fired() => _registered = true;

    /// <summary>Registers the reminder unless this activation already has; a failure is logged, and the next call tries again.</summary>
    public async Task EnsureAsync()
    {
        if (_registered)
        {
            return;
        }

        // Set before the await: a reentrant grain's concurrent callers register it once.
        _registered = true;
        try
        {
            await grain.RegisterOrUpdateReminder(name, Period, Period);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _registered = false;
            LogFailure(ex);
        }
    }

    /// <summary>Removes the reminder on deactivation, when the grain has nothing due any more.</summary>
    public async Task RemoveAsync(DeactivationReason reason)
    {
        // Not while the silo shuts down: the reminder table may be going down with it (in a one-silo test cluster with
        // in-memory reminders the call held the shutdown for the 30 s deactivation timeout). A reminder left behind
        // fires once more and is removed then.
        if (!_registered || reason.ReasonCode == DeactivationReasonCode.ShuttingDown)
        {
            return;
        }

        try
        {
            if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            _registered = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailure(ex);
        }
    }

    private void LogFailure(Exception exception)
    {
        if (Failures.TryLog(out var heldBack))
        {
            Log.ReminderChangeFailed(logger, name, grain.GetGrainId().ToString(), heldBack, exception);
        }
    }
}
