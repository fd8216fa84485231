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
        await BothSilosActive(first);

        using var opsOnFirst = first.ClientAs("ops-1", Roles.Ops);
        using var memberOnSecond = second.ClientAs("member-1", Roles.Member);
        (await opsOnFirst.PutAsJsonAsync("/api/regions/hangzhou", new { name = "Hangzhou" }, Cancel)).EnsureSuccessStatusCode();
        Assert.Equal("Hangzhou", (await memberOnSecond.GetFromJsonAsync<RegionProfile>("/api/regions/hangzhou", Cancel))!.Name);
    }

    [Fact]
    public async Task StockSetOnOneEdge_ReachesEveryStorePageOnTheOther_ThroughTheRegionsStockStreams()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        await using var first = PostgresEdge.Start(database, clusterId);
        await using var second = PostgresEdge.Start(database, clusterId);
        await BothSilosActive(first);

        // Several regions and SKUs, so the regions' streams use several of the queues the two silos share out.
        using var ops = first.ClientAs("ops-1", Roles.Ops);
        using var member = second.ClientAs("member-1", Roles.Member);
        var regions = Enumerable.Range(0, 4).Select(_ => TestIds.New("region")).ToArray();
        var skus = Enumerable.Range(0, 3).Select(_ => TestIds.New("sku")).ToArray();
        foreach (var sku in skus)
        {
            (await ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = "Serum", listPrice = 59900 }, Cancel)).EnsureSuccessStatusCode();
        }

        var expected = new Dictionary<(string Store, string Sku), long>();
        for (var r = 0; r < regions.Length; r++)
        {
            var store = TestIds.New("store");
            (await ops.PutAsJsonAsync($"/api/regions/{regions[r]}", new { name = $"City {r}" }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync($"/api/stores/{store}", new
            {
                name = $"Store {r}", regionId = regions[r], latitude = 30.25, longitude = 120.16, ownerAccountId = "brand",
                ownership = "direct", canShip = true, canPickup = true,
            }, Cancel)).EnsureSuccessStatusCode();
            for (var k = 0; k < skus.Length; k++)
            {
                var onHand = 10 * (r + 1) + k;
                (await ops.PutAsJsonAsync($"/api/stores/{store}/stock/{skus[k]}", new { onHand }, Cancel)).EnsureSuccessStatusCode();
                expected[(store, skus[k])] = onHand;
            }
        }

        foreach (var ((store, sku), onHand) in expected)
        {
            await Eventually.True(
                async () => (await member.GetFromJsonAsync<StorePage>($"/api/stores/{store}/page", Cancel))!.Items.SingleOrDefault(i => i.Sku == sku)?.Available == onHand,
                TimeSpan.FromSeconds(15),
                Cancel);
        }
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

    private static Task BothSilosActive(EdgeApplication edge)
    {
        var management = edge.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        return Eventually.True(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(30), Cancel);
    }
}
