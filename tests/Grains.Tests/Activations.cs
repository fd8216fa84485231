using Orleans.Runtime;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>Takes grains out of memory, as their collection age or a silo restart would, and waits until they are gone.</summary>
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

    private static async Task<bool> IsInMemory(IGrainFactory grains, IGrain grain)
    {
        var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null!, null!, TestContext.Current.CancellationToken);
        return activations.Any(a => a.GrainId == grain.GetGrainId());
    }
}
