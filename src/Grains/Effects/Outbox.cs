using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.Grains.Effects;

/// <summary>
/// A grain's outbox of effects: <see cref="ArmAsync"/> before the state write that records them (so a reminder
/// finds them if the silo dies right after), <see cref="DeliverAsync"/> after it and whenever the grain wakes.
/// Undelivered effects are retried on a timer while the grain is active and by the reminder across restarts.
/// </summary>
internal sealed class Outbox(
    Grain grain, IGrainFactory grains, Func<List<Effect>> pending, Func<Task> save, TimeSpan retryInterval, ILogger logger, DeferredEffectsLog deferred)
{
    public const string ReminderName = "effects";

    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private IGrainTimer? _retry;

    public Task ArmAsync() => grain.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);

    /// <summary>After activation: deliver anything a previous activation left undelivered.</summary>
    public void ResumeIfPending()
    {
        if (pending().Count > 0)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
    }

    public async Task DeliverAsync()
    {
        var effects = pending();
        if (effects.Count == 0)
        {
            return;
        }

        if (await EffectDelivery.DeliverAsync(grains, effects, grain.GetGrainId().ToString(), logger, deferred) > 0)
        {
            await save();
        }

        if (effects.Count > 0)
        {
            ScheduleRetry(retryInterval);
            return;
        }

        _retry?.Dispose();
        if (await grain.GetReminder(ReminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    private void ScheduleRetry(TimeSpan due)
    {
        _retry?.Dispose();
        _retry = grain.RegisterGrainTimer(_ => DeliverAsync(), due, Timeout.InfiniteTimeSpan);
    }
}
