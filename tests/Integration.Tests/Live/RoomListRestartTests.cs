using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;
using static PrivateDomain.Realtime.Integration.Tests.Live.LiveShop;

namespace PrivateDomain.Realtime.Integration.Tests.Live;

public sealed class RoomListRestartTests
{
    private const string Member = "member-chen";

    private static readonly Actor Buyer = new(Member, "Chen Jing", Roles.Member);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoomList_OnPostgreSQL_StillHasScheduledAndEndedRooms_WithGmvAfterTheEnd_AfterItsSiloIsKilled()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var settings = database.ClusterSettings(clusterId);
        int siloPort, gatewayPort;

        await using (var silo = SiloProcess.Start(settings))
        await using (var client = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId))
        {
            var grains = client.Grains;
            await DefineAsync(grains, [Member]);

            await grains.GetGrain<ILiveRoomGrain>("room-next-week").Create(new CreateLiveRoom(Host, "Next week", Region, [Sku]));
            var room = grains.GetGrain<ILiveRoomGrain>("room-serum-night");
            await room.Create(new CreateLiveRoom(Host, "Serum night", Region, [Sku]));
            await room.Start(HostActor);
            await room.StartFlashSale(HostActor, "sale-1", Sku, Price, 5);
            var before = await room.Buy(Buyer, "sale-1", "order-before", 1, 31.2323, 121.4735);
            var after = await room.Buy(Buyer, "sale-1", "order-after", 2, 31.2323, 121.4735);
            await grains.GetGrain<IOrderGrain>(before.OrderId).Pay(new PayOrder("pay-before", before.Total));
            await Eventually.True(async () => (await room.GetStats()).Orders == 1, TimeSpan.FromSeconds(30), Cancel);
            await room.End(HostActor);
            await grains.GetGrain<IOrderGrain>(after.OrderId).Pay(new PayOrder("pay-after", after.Total));

            var directory = grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key);
            await Eventually.True(async () => (await directory.List(LiveRoomStatus.Ended)).Any(r => r.GmvAfterEnd == 2 * Price), TimeSpan.FromSeconds(30), Cancel);
            await silo.KillAsync();
            (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
        }

        await using var restarted = SiloProcess.Start(settings, siloPort, gatewayPort);
        await using var client2 = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId);

        // Nothing reports after the restart (neither room is activated): the list is what the directory stored.
        var listed = await client2.Grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key).List(null);
        Assert.Equal(
            [("room-next-week", LiveRoomStatus.Scheduled, 0, 0L, 0L), ("room-serum-night", LiveRoomStatus.Ended, 2, 3 * Price, 2 * Price)],
            listed.Select(r => (r.RoomId, r.Status, r.Orders, r.Gmv, r.GmvAfterEnd)).OrderBy(r => r.RoomId, StringComparer.Ordinal));
    }
}
