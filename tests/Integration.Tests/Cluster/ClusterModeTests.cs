using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Cluster;

public sealed class ClusterModeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoEmbeddedEdgesOnPostgreSQL_FormOneClusterAndShareGrains()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        await using var first = PostgresEdge.Start(database, clusterId);
        await using var second = PostgresEdge.Start(database, clusterId);

        var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await Eventually.True(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30), Cancel);

        using var opsOnFirst = first.ClientAs("ops-1", Roles.Ops);
        using var memberOnSecond = second.ClientAs("member-1", Roles.Member);
        (await opsOnFirst.PutAsJsonAsync("/api/regions/hangzhou", new { name = "Hangzhou" }, Cancel)).EnsureSuccessStatusCode();
        Assert.Equal("Hangzhou", (await memberOnSecond.GetFromJsonAsync<RegionProfile>("/api/regions/hangzhou", Cancel))!.Name);
    }

    [Fact]
    public async Task EdgeInClientMode_ReachesASiloRunningElsewhere()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var siloSettings = database.ClusterSettings(clusterId);
        siloSettings["Orleans:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        siloSettings["Orleans:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var siloBuilder = Host.CreateApplicationBuilder();
        siloBuilder.Configuration.AddInMemoryCollection(siloSettings);
        siloBuilder.AddRealtimeSilo();
        using var silo = siloBuilder.Build();
        await silo.StartAsync(Cancel);

        await using var edge = new EdgeApplication(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Client",
            ["Storage:Provider"] = "PostgreSQL",
            ["ConnectionStrings:PostgreSQL"] = database.ConnectionString,
            ["Orleans:ClusterId"] = clusterId,
        });
        using var ops = edge.ClientAs("ops-1", Roles.Ops);

        (await ops.GetAsync("/health", Cancel)).EnsureSuccessStatusCode();
        (await ops.PutAsJsonAsync("/api/skus/sku-client", new { name = "Lip Balm", listPrice = 5900 }, Cancel)).EnsureSuccessStatusCode();
        var viaSilo = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ISkuGrain>("sku-client").GetProfile();
        Assert.Equal(new SkuProfile("sku-client", "Lip Balm", 5900), viaSilo);

        await silo.StopAsync(Cancel);
    }
}
