using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// Takes grains out of memory, as their collection age or a silo restart would, and waits until they are gone; and
/// names the reminders that would bring them back.
/// </summary>
internal static class Activations
{
    /// <summary>
    /// The activations that ended, in the silos of this project's test clusters (which register it): a grain called again
    /// the moment it leaves memory (an unpaid order lapsing calls its room) is back before "not in memory" can be seen.
    /// </summary>
    public static ActivationEnds Ends { get; } = new();

    public static async Task Deactivate(IGrainFactory grains, params IGrain[] targets)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        foreach (var grain in targets)
        {
            var endedBefore = Ends.Count(grain.GetGrainId());
            await management.DeactivateGrain(grain.GetGrainId(), TestContext.Current.CancellationToken);
            await Eventually.True(
                async () => Ends.Count(grain.GetGrainId()) > endedBefore || !await IsInMemory(grains, grain),
                cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The names of the grain's reminders, as the cluster's reminder table stores them.</summary>
    public static async Task<string[]> Reminders(InProcessTestCluster cluster, IGrain grain)
    {
        var table = cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(grain.GetGrainId(), TestContext.Current.CancellationToken);
        return [.. rows.Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal)];
    }

    private static async Task<bool> IsInMemory(IGrainFactory grains, IGrain grain)
    {
        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null!, null!, TestContext.Current.CancellationToken);
        return activations.Any(a => a.GrainId == grain.GetGrainId());
    }
}

/// <summary>Counts each grain's activations that finished deactivating.</summary>
internal sealed class ActivationEnds : IActivationWorkingSetObserver
{
    private readonly ConcurrentDictionary<GrainId, int> _ended = new();

    public int Count(GrainId grain) => _ended.GetValueOrDefault(grain);

    public void OnDeactivated(IActivationWorkingSetMember member)
    {
        if (member is IGrainContext activation)
        {
            _ended.AddOrUpdate(activation.GrainId, 1, (_, ended) => ended + 1);
        }
    }

    public void OnAdded(IActivationWorkingSetMember member)
    {
    }

    public void OnActive(IActivationWorkingSetMember member)
    {
    }

    public void OnIdle(IActivationWorkingSetMember member)
    {
    }

    public void OnEvicted(IActivationWorkingSetMember member)
    {
    }

    public void OnDeactivating(IActivationWorkingSetMember member)
    {
    }
}
