using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Notifications;

/// <summary>
/// The Edges alive now. Kept in memory only: every Edge re-registers every <see cref="RegistrationPeriod"/>, so after
/// a restart the directory is whole again within that period, and an Edge that died simply stops being listed.
/// Liveness is measured on the machine's clock, not the business clock grains are given (which tests move).
/// </summary>
public sealed class EdgeDirectoryGrain : Grain, IEdgeDirectoryGrain
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public static readonly TimeSpan RegistrationPeriod = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Silence = RegistrationPeriod * 3;

    private readonly Dictionary<string, EdgeRegistration> _edges = [];

    public Task Register(EdgeRegistration edge)
    {
        _edges[edge.EdgeId] = edge with { SeenAt = Clock.GetUtcNow() };
        return Task.CompletedTask;
    }

    public Task Unregister(string edgeId)
    {
        _edges.Remove(edgeId);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<EdgeRegistration>> GetEdges()
    {
        var alive = Clock.GetUtcNow() - Silence;
        return Task.FromResult(_edges.Values.Where(e => e.SeenAt >= alive).OrderBy(e => e.EdgeId, StringComparer.Ordinal).ToImmutableArray());
    }
}
