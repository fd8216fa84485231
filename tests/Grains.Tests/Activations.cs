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
    public static async Task Deactivate(IGrainFactory grains, params IGrain[] targets)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        foreach (var grain in targets)
        {
            await management.DeactivateGrain(grain.GetGrainId(), TestContext.Current.CancellationToken);
            await Eventually.True(async () => !await IsInMemory(grains, grain), cancellationToken: TestContext.Current.CancellationToken);
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
