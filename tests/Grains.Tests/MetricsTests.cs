using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// The grains' instruments, read as an exporter would (in the one-silo cluster whose tests run one at a time, so each
/// test sees only its own measurements).
/// </summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class MetricsTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Reservations_AreCountedByOutcome_AndEachGroupCommitsLinesAndTimeAreRecorded()
    {
        using var reservations = Collect<long>("realtime.inventory.reservations");
        using var batches = Collect<int>("realtime.inventory.ledger.batch");
        using var writes = Collect<double>("realtime.inventory.ledger.write.duration");
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        await shanghai.Pool.Reserve(shanghai.Ship(4));
        await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(7)));
        await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(0)));

        Assert.Equal(
            [("reserved", 1L), (ErrorCodes.InsufficientStock, 1L), (ErrorCodes.ValidationFailed, 1L)],
            reservations.GetMeasurementSnapshot().Select(m => ((string)m.Tags["outcome"]!, m.Value)));
        Assert.Contains(batches.GetMeasurementSnapshot(), m => m.Value >= 1);
        Assert.Equal(batches.GetMeasurementSnapshot().Count, writes.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Orders_AreCountedAsTheyEnterAStatus_AndPaidOnesAddTheirTotalOnce()
    {
        using var orders = Collect<long>("realtime.orders");
        using var paid = Collect<long>("realtime.orders.paid_amount");
        var shop = await Shop.Open(_grains);
        var order = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 2)));

        await shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total));
        await shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total));

        Assert.Equal(["reserved", "paid"], orders.GetMeasurementSnapshot().Select(m => (string)m.Tags["status"]!));
        Assert.Equal([order.Total], paid.GetMeasurementSnapshot().Select(m => m.Value));
    }

    [Fact]
    public async Task Comments_AreCountedByOutcome_ARetryNotAgain()
    {
        using var comments = Collect<long>("realtime.live.comments");
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]));
        await room.Start(new Actor(shop.DirectGuide, "Li Fang", Roles.Guide));
        var viewer = new Actor(shop.Member, "Chen Jing", Roles.Member);

        await room.PostComment(viewer, "c-1", "first");
        await room.PostComment(viewer, "c-1", "first");
        await room.PostComment(viewer, "c-2", "second");
        await room.PostComment(viewer, "c-3", "third");
        await Assert.ThrowsAsync<DomainException>(() => room.PostComment(viewer, "c-4", "fourth, too fast"));

        Assert.Equal(
            ["accepted", "accepted", "accepted", ErrorCodes.TooFast],
            comments.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct =>
        new(fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IMeterFactory>(), GrainMetrics.MeterName, instrument);
}
