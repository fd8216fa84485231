using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;
using static PrivateDomain.Realtime.Integration.Tests.Live.LiveShop;

namespace PrivateDomain.Realtime.Integration.Tests.Live;

public sealed class FlashSaleRestartTests
{
    private const string Room = "room-serum-night";
    private const int Units = 10;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FlashSale_OnPostgreSQL_KeepsEverySoldAndHeldUnit_AndTheRoomsOrders_AfterItsSiloIsKilled()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var settings = database.ClusterSettings(clusterId);
        var members = Enumerable.Range(0, 8).Select(i => $"member-{i}").ToArray();
        var bought = new ConcurrentBag<Order>();
        int siloPort, gatewayPort;

        await using (var silo = SiloProcess.Start(settings))
        await using (var client = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId))
        {
            var grains = client.Grains;
            await DefineAsync(grains, members);

            var room = grains.GetGrain<ILiveRoomGrain>(Room);
            await room.Create(new CreateLiveRoom(Host, "Serum night", Region, [Sku]));
            await room.Start(HostActor);
            await room.StartFlashSale(HostActor, "sale-1", Sku, Price, Units);

            // Four times as many buyers as units, all at once: exactly the sale's units are held.
            await Task.WhenAll(Enumerable.Range(0, 4 * Units).Select(async i =>
            {
                try
                {
                    bought.Add(await room.Buy(new Actor(members[i % members.Length], "Buyer", Roles.Member), "sale-1", $"order-{i}", 1, 31.2323, 121.4735));
                }
                catch (DomainException error) when (error.Code == ErrorCodes.SoldOut)
                {
                }
            }));
            Assert.Equal(Units, bought.Count);
            foreach (var order in bought.Take(4))
            {
                await grains.GetGrain<IOrderGrain>(order.OrderId).Pay(new PayOrder($"pay-{order.OrderId}", order.Total));
            }

            await Eventually.True(async () => (await room.GetStats()).Orders == 4, TimeSpan.FromSeconds(30), Cancel);
            await silo.KillAsync();
            (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
        }

        await using var restarted = SiloProcess.Start(settings, siloPort, gatewayPort);
        await using var after = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId);
        var roomAfter = after.Grains.GetGrain<ILiveRoomGrain>(Room);

        // The new activation derives the sale from the stored holds: 4 sold and 6 held leave nothing.
        Assert.Equal(0, (await roomAfter.GetSnapshot()).FlashSales.Single().Remaining);
        var stats = await roomAfter.GetStats();
        Assert.Equal((4, 4 * Price), (stats.Orders, stats.Gmv));

        // Two held orders are cancelled: exactly their two units can be bought again, and no more.
        foreach (var order in bought.Skip(4).Take(2))
        {
            await after.Grains.GetGrain<IOrderGrain>(order.OrderId).Cancel();
        }

        Assert.Equal(2, (await roomAfter.GetSnapshot()).FlashSales.Single().Remaining);
        await roomAfter.Buy(new Actor(members[0], "Buyer", Roles.Member), "sale-1", "order-again", 2, 31.2323, 121.4735);
        var soldOut = await Assert.ThrowsAsync<DomainException>(() =>
            roomAfter.Buy(new Actor(members[1], "Buyer", Roles.Member), "sale-1", "order-late", 1, 31.2323, 121.4735));
        Assert.Equal(ErrorCodes.SoldOut, soldOut.Code);
    }
}
