using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Notifications;

/// <summary>
/// Delivers user-targeted pushes. With a Redis backplane any one Edge reaches the user wherever they are connected,
/// so one is picked (round robin); without it every Edge delivers to its own connections. A user is never sent the
/// same push twice either way.
/// </summary>
[StatelessWorker(-1, removeIdleWorkers: false), Reentrant]
public sealed class UserNotifierGrain(ILogger<UserNotifierGrain> logger) : Grain, IUserNotifierGrain
{
    // How fresh the directory copy is, on the machine's clock (infrastructure, not business time).
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly TimeSpan DirectoryCacheAge = TimeSpan.FromSeconds(5);

    private ImmutableArray<EdgeRegistration> _edges = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private int _next;

    public async Task GuideAlert(string guideId, GuideAlert alert)
    {
        foreach (var edge in await Targets())
        {
            Send(guideId, edge.Users.GuideAlert(guideId, alert));
        }
    }

    public async Task OrderUpdate(string memberId, OrderUpdate update)
    {
        foreach (var edge in await Targets())
        {
            Send(memberId, edge.Users.OrderUpdate(memberId, update));
        }
    }

    private async Task<IEnumerable<EdgeRegistration>> Targets()
    {
        if (Clock.GetUtcNow() - _loadedAt > DirectoryCacheAge)
        {
            _edges = await GrainFactory.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key).GetEdges();
            _loadedAt = Clock.GetUtcNow();
        }

        var withBackplane = _edges.Where(e => e.HasBackplane).ToList();
        return withBackplane.Count > 0 ? [withBackplane[_next++ % withBackplane.Count]] : _edges;
    }

    private void Send(string userId, Task delivery) =>
        delivery.ContinueWith(t => Log.PushFailed(logger, userId, t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
