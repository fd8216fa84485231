using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// Keeps this Edge listed in the cluster's edge directory: registers its observer at start, again every
/// registration period (the directory forgets silent Edges), at once when asked (a silo left, and the directory may
/// have been on it), and leaves on stop. Until it is listed, user pushes do not
/// reach this Edge's connections, so a failed registration is retried within a second, not a period later (and
/// logged when the failures start, once a minute while they last, and when the Edge is listed again).
/// </summary>
public sealed class EdgeRegistrationService(
    IGrainFactory grains,
    UserPushObserver users,
    RealtimeSettings settings,
    EdgeIdentity identity,
    TimeProvider time,
    ILogger<EdgeRegistrationService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly string _edgeId = identity.Id;
    private readonly FailureStreak _failures = new(TimeSpan.FromMinutes(1), time);
    private TaskCompletionSource _registerNow = NewSignal();

    /// <summary>Registers again without waiting for the period.</summary>
    public void RegisterNow() => Volatile.Read(ref _registerNow).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IUserPushObserver>(users);
        var directory = grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before registering, so a request made while this registration is on its way brings another.
            var registerNow = NewSignal();
            Volatile.Write(ref _registerNow, registerNow);
            var next = EdgeDirectoryGrain.RegistrationPeriod;
            try
            {
                await directory.Register(new EdgeRegistration(_edgeId, reference, HasBackplane: settings.RedisConnectionString is not null, time.GetUtcNow()));
                if (_failures.Succeeded(out var failures, out var lasted))
                {
                    Log.EdgeRegisteredAgain(logger, failures, lasted);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // While the cluster is down this fails every second: said when it starts, then once a minute.
                if (_failures.Failed())
                {
                    Log.EdgeRegistrationFailed(logger, _failures.Failures, _failures.Lasted, ex);
                }

                next = RetryDelay;
            }

            await Task.WhenAny(registerNow.Task, Task.Delay(next, time, stoppingToken));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key).Unregister(_edgeId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
        {
            // The directory forgets silent Edges by itself.
        }

        await base.StopAsync(cancellationToken);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
