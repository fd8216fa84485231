using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Tests.Health;

[Collection(ClusterCollection.Name)]
public sealed class HealthGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ActiveSilos_AreTheSilosTheClusterCountsActive()
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var active = (await management.GetHosts(onlyActive: true, TestContext.Current.CancellationToken)).Keys;

        var seen = await fixture.Grains.GetGrain<IHealthGrain>(0).GetActiveSilos();

        Assert.Equal(2, seen.Length);
        Assert.Equal(active.Order(), seen.Order());
    }
}
