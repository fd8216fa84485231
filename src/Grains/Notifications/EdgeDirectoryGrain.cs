using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Notifications;

/// <summary>
/// The Edges alive now. Every Edge registers again every <see cref="RegistrationPeriod"/>, and one that has been
/// silent for three periods is no longer listed. The list is stored when an Edge joins, changes or leaves (not at each
/// renewal): a directory activated again — its silo died — starts from it instead of empty, since until each Edge
/// has registered again no user push would reach anyone. Liveness is measured on the machine's clock, not the business
/// clock grains are given (which tests move).
/// </summary>
public sealed class EdgeDirectoryGrain(
    [PersistentState("edge-directory", StorageNames.GrainState)] IPersistentState<EdgeDirectoryState> storage) : Grain, IEdgeDirectoryGrain
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public static readonly TimeSpan RegistrationPeriod = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Silence = RegistrationPeriod * 3;

    private readonly Dictionary<string, EdgeRegistration> _edges = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Each stored Edge gets a full silence period to be heard from again; a dead one then drops out.
        var now = Clock.GetUtcNow();
        foreach (var edge in storage.State.Edges)
        {
            _edges[edge.EdgeId] = edge with { SeenAt = now };
        }

        return Task.CompletedTask;
    }

    public async Task Register(EdgeRegistration edge)
    {
        var now = Clock.GetUtcNow();
        var known = _edges.GetValueOrDefault(edge.EdgeId);
        _edges[edge.EdgeId] = edge with { SeenAt = now };
        var silent = _edges.Values.Where(e => e.SeenAt < now - Silence).Select(e => e.EdgeId).ToList();
        silent.ForEach(id => _edges.Remove(id));
        if (known is null || known with { SeenAt = default } != edge with { SeenAt = default } || silent.Count > 0)
        {
            await Store();
        }
    }

    public async Task Unregister(string edgeId)
    {
        if (_edges.Remove(edgeId))
        {
            await Store();
        }
    }

    public Task<ImmutableArray<EdgeRegistration>> GetEdges()
    {
        var alive = Clock.GetUtcNow() - Silence;
        return Task.FromResult(_edges.Values.Where(e => e.SeenAt >= alive).OrderBy(e => e.EdgeId, StringComparer.Ordinal).ToImmutableArray());
    }

    private Task Store()
    {
        storage.State.Edges = [.. _edges.Values];
        return storage.WriteStateAsync();
    }
}
