using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Edge.Push;

/// <summary>
/// Keeps this Edge listed in the cluster's edge directory: registers its observer at start, again every
/// registration period (the directory forgets silent Edges, and starts empty after a restart), and leaves on stop.
/// </summary>
public sealed class EdgeRegistrationService(
    IGrainFactory grains,
    UserPushObserver users,
    RealtimeSettings settings,
    EdgeIdentity identity,
    TimeProvider time,
    ILogger<EdgeRegistrationService> logger) : BackgroundService
{
    private readonly string _edgeId = identity.Id;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IUserPushObserver>(users);
        var directory = grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        using var timer = new PeriodicTimer(EdgeDirectoryGrain.RegistrationPeriod, time);
        do
        {
            try
            {
                await directory.Register(new EdgeRegistration(_edgeId, reference, HasBackplane: settings.RedisConnectionString is not null, time.GetUtcNow()));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.EdgeRegistrationFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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
}
