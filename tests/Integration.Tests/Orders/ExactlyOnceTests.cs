using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Orders;

public sealed class ExactlyOnceTests
{
    private const string Region = "shanghai";
    private const string Sku = "sku-serum";
    private const string Store = "sh-nanjing";
    private const string Guide = "guide-li";
    private const string Rival = "guide-wang";
    private const string Pk = "pk-serum-week";
    private const int Orders = 40;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PaidOrders_MoveEveryFigureOnce_ThroughDuplicatePaysAndASiloKilledMidway()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var settings = database.ClusterSettings(clusterId);
        settings["Orders:EffectRetryInterval"] = "00:00:00.500";
        var members = Enumerable.Range(0, 8).Select(i => $"member-{i}").ToArray();
        var totals = new ConcurrentDictionary<string, Order>();
        int siloPort, gatewayPort;

        await using (var silo = SiloProcess.Start(settings))
        await using (var client = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId))
        {
            var grains = client.Grains;
            await grains.GetGrain<IRegionGrain>(Region).Define("Shanghai");
            await grains.GetGrain<IStoreGrain>(Store).Define(new StoreProfile(Store, "Nanjing Road East", Region, 31.2352, 121.4800, "dealer-7", StoreOwnership.Franchise, true, true));
            await grains.GetGrain<ISkuGrain>(Sku).Define("Hydrating Serum 30ml", 32_900);
            await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(Sku, Region)).SetOnHand(Store, 1_000);
            await grains.GetGrain<IGuideGrain>(Guide).Define(new GuideProfile(Guide, "Li Fang", Store, "team-puxi"));
            await grains.GetGrain<IGuideGrain>(Rival).Define(new GuideProfile(Rival, "Wang Min", Store, "team-jingan"));
            await grains.GetGrain<IPkGrain>(Pk).Create(new CreatePk("Serum week", PkMetric.Sales,
                [new PkParticipant(Guide, PkParticipantKind.Guide, 100_000_000), new PkParticipant(Rival, PkParticipantKind.Guide, 100_000_000)],
                DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1)));
            foreach (var member in members)
            {
                await grains.GetGrain<IMemberGrain>(member).Upsert(new MemberUpdate(member, [], null));
                await grains.GetGrain<IMemberGrain>(member).BindGuide(Guide, reassign: false);
            }

            for (var i = 0; i < Orders; i++)
            {
                var placed = await grains.GetGrain<IOrderGrain>($"order-{i}").Place(new PlaceOrder(members[i % members.Length], Region, Store,
                    [new OrderLineRequest(Sku, 1 + i % 3)], FulfilmentMode.Ship, 31.2323, 121.4735));
                totals[placed.OrderId] = placed;
            }

            // Three copies of every payment race each other; the silo dies while they are in flight.
            var pays = totals.Values.SelectMany(o => Enumerable.Range(0, 3).Select(_ => PayQuietly(grains, o))).ToList();
            await Task.WhenAny(Task.WhenAll(pays), Task.Delay(150, Cancel));
            await silo.KillAsync();
            (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
        }

        await using var restarted = SiloProcess.Start(settings, siloPort, gatewayPort);
        await using var after = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId);
        var grainsAfter = after.Grains;

        // Clients retry what they did not see acknowledged, with the same payment id.
        foreach (var order in totals.Values)
        {
            var paid = await grainsAfter.GetGrain<IOrderGrain>(order.OrderId).Pay(new PayOrder($"pay-{order.OrderId}", order.Total));
            Assert.Equal(OrderStatus.Paid, paid.Status);
        }

        var expectedSales = totals.Values.Sum(o => o.Total);
        var expectedUnits = totals.Values.Sum(o => o.Lines.Sum(l => l.Quantity));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        GuideView? guide;
        while ((guide = await grainsAfter.GetGrain<IGuideGrain>(Guide).GetView())!.Today.SalesAmount != expectedSales)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Guide figures did not settle: {guide.Today.SalesAmount} of {expectedSales}.");
            await Task.Delay(200, Cancel);
        }

        Assert.Equal(Orders, guide.Today.Orders);
        Assert.Equal(totals.Values.Sum(o => (long)Math.Floor(o.Total * 0.03m)), guide.Today.Commission);
        foreach (var member in members)
        {
            var own = totals.Values.Where(o => o.MemberId == member).ToList();
            var profile = (await grainsAfter.GetGrain<IMemberGrain>(member).GetProfile())!;
            Assert.Equal((own.Sum(o => o.Total), own.Sum(o => o.Total / 100)), (profile.PaidSpend, profile.Points));
        }

        var pool = grainsAfter.GetGrain<IInventoryPoolGrain>(PoolKey.For(Sku, Region));
        var view = await pool.GetInventory();
        Assert.Equal((1_000 - expectedUnits, 0), (view.OnHand, view.Reserved));
        var ledger = (await pool.GetLedger(0, 1000)).Entries;
        Assert.Equal(Orders, ledger.Count(l => l.Kind == StockMovementKind.Confirm));
        Assert.Equal(Enumerable.Range(1, ledger.Length).Select(i => (long)i), ledger.Select(l => l.Seq));
        Assert.Equal(Orders, (await grainsAfter.GetGrain<IStoreGrain>(Store).GetFulfilmentQueue()).Length);

        // The PK and the boards: each paid order once, also those whose first report died with the silo.
        var boards = grainsAfter.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        while ((await grainsAfter.GetGrain<IPkGrain>(Pk).Get())!.Scores.Single(s => s.Id == Guide).Score != expectedSales
            || (await boards.Rank("store-sales", "all", Store)).Score != expectedSales)
        {
            Assert.True(DateTime.UtcNow < deadline, "PK and boards did not settle.");
            await Task.Delay(200, Cancel);
        }

        var pk = (await grainsAfter.GetGrain<IPkGrain>(Pk).Get())!;
        Assert.Equal([expectedSales, 0L], pk.Scores.Select(s => s.Score));
        Assert.Equal(expectedSales, (await boards.Rank("guide-sales", "all", Guide)).Score);
        Assert.Equal(expectedSales, (await boards.Rank("guide-sales", "team:team-puxi", Guide)).Score);
        Assert.Equal(guide.Today.Commission, (await boards.Rank("guide-commission", "all", Guide)).Score);
        Assert.Equal(members.Length, (await boards.Rank("guide-new-members", "all", Guide)).Score);
        Assert.Null((await boards.Rank("guide-sales", "all", Rival)).Rank);
    }

    private static async Task PayQuietly(IGrainFactory grains, Order order)
    {
        try
        {
            await grains.GetGrain<IOrderGrain>(order.OrderId).Pay(new PayOrder($"pay-{order.OrderId}", order.Total));
        }
        catch (Exception)
        {
            // The silo is killed under these calls; the test retries every payment afterwards.
        }
    }
}
