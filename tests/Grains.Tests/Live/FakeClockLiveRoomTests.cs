using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockLiveRoomTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task UnpaidUnits_ReturnToTheSale_WhenTheirOrderExpires()
    {
        var (shop, room) = await RoomSellingThreeSerums();
        var order = await room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        Assert.Equal(1, (await room.GetSnapshot()).FlashSales.Single().Remaining);

        fixture.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<DomainException>(() => shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total)));
        Assert.Equal(ErrorCodes.OrderExpired, error.Code);
        Assert.Equal(3, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((17L, 3L), (pool.Available, pool.Reserved));
    }

    [Fact]
    public async Task UnpaidOrder_ForgottenBySilo_AsAfterARestart_IsWatchedAgainWhenItsRoomActivates_AndItsMemberHears()
    {
        var (shop, room) = await RoomSellingThreeSerums();
        var order = await room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);

        // What a restart loses: the order and its room leave memory, and the silo's in-memory watch forgets the order.
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<OrderExpiries>().Forget(order.OrderId);
        await Activations.Deactivate(_grains, shop.Order(order.OrderId), room);

        // The room comes back (its viewers join again) and has the order watched again at about its time.
        await room.GetSnapshot();
        fixture.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1) + OrderExpiries.CheckInterval);

        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == order.OrderId && u.Status == OrderStatus.Expired);
    }

    [Fact]
    public async Task HeldUnits_OutlastTheirOrderByTheConfirmGrace_SoAPaymentsConfirmationArrivingAMinuteLateStillFindsThem()
    {
        var (shop, room) = await RoomSellingThreeSerums();
        var order = await room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);

        // A payment in the order's last seconds, whose confirmation reaches the room a minute after the order's time
        // (the room's silo was restarting): nothing ends the order unpaid, only the room's own lapse could take the
        // units back — and it must not yet.
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<OrderExpiries>().Forget(order.OrderId);
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(300, TestContext.Current.CancellationToken);

        await room.ConfirmHold(order.OrderId);

        Assert.Equal(2, (await room.GetSnapshot()).FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task GmvAfterEnd_IsWhatWasPaidInThe72HoursAfterTheEnd_NotAnOrderPlacedInThemAndPaidLater()
    {
        var (shop, room) = await RoomSellingThreeSerums();
        await room.End(new Actor(shop.DirectGuide, "Li Fang", Roles.Guide));
        var roomId = room.GetPrimaryKeyString();

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var paidInTime = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { LiveRoomId = roomId });
        await shop.Order(paidInTime.OrderId).Pay(new PayOrder("p-1", paidInTime.Total));
        fixture.Clock.Advance(TimeSpan.FromHours(71) - TimeSpan.FromMinutes(2));
        var paidLate = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 2)) with { LiveRoomId = roomId });
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await shop.Order(paidLate.OrderId).Pay(new PayOrder("p-2", paidLate.Total));

        await Eventually.True(async () => (await room.GetStats()).Orders == 2, cancellationToken: TestContext.Current.CancellationToken);
        var stats = await room.GetStats();
        Assert.Equal((paidInTime.Total + paidLate.Total, paidInTime.Total), (stats.Gmv, stats.GmvAfterEnd));
    }

    [Fact]
    public async Task Room_KeepsAReminder_WhileItHoldsUnitsOfUnpaidOrders_SoARestartBringsItBack()
    {
        var (shop, room) = await RoomSellingThreeSerums();

        // Starting the sale registered it (a start cut short must be undone after a restart); with nothing due, the
        // next deactivation removes it.
        Assert.Equal(["held-units"], await Activations.Reminders(fixture.Cluster, room));
        await Activations.Deactivate(_grains, room);
        Assert.Empty(await Activations.Reminders(fixture.Cluster, room));

        var order = await room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);
        Assert.Equal(["held-units"], await Activations.Reminders(fixture.Cluster, room));

        // Out of memory while the order is unpaid (a restart): the reminder stays, and activation keeps it.
        await Activations.Deactivate(_grains, room);
        Assert.Equal(["held-units"], await Activations.Reminders(fixture.Cluster, room));
        await room.GetSnapshot();

        // Paid: nothing is held any more, and the next deactivation removes it.
        await shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total));
        await Activations.Deactivate(_grains, room);
        Assert.Empty(await Activations.Reminders(fixture.Cluster, room));
    }

    [Fact]
    public async Task FlashSale_LeftRunningLongerThanThePoolHoldsItsUnits_SellsNothingThePoolGaveBack()
    {
        var (shop, room) = await RoomSellingThreeSerums();

        // Nobody ends the room. A day later the sale's pool reservation has lapsed and the region sells all 20 serums.
        fixture.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var everything = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 20)));
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47));

        Assert.Equal(OrderStatus.Reserved, everything.Status);
        Assert.Equal(ErrorCodes.SoldOut, refused.Code);
        await Eventually.True(async () => (await room.GetSnapshot()).FlashSales.Single().Status == FlashSaleStatus.Ended,
            cancellationToken: TestContext.Current.CancellationToken);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((0L, 20L), (pool.Available, pool.Reserved));
    }

    [Fact]
    public async Task FlashSale_ClosesBeforeItsPoolReservationLapses_GivingBackTheUnsold_WhileAnOrderBoughtJustBeforeStillPays()
    {
        var startedAt = fixture.Clock.GetUtcNow();
        var (shop, room) = await RoomSellingThreeSerums();
        var closesAt = startedAt + TimeSpan.FromDays(1) - (TimeSpan.FromMinutes(5) + new OrderOptions().ConfirmGrace + LiveRoomOptions.ClockSlack);
        var buyer = new Actor(shop.Member, "Chen Jing", Roles.Member);

        fixture.Clock.Advance(closesAt - TimeSpan.FromMinutes(1) - fixture.Clock.GetUtcNow());
        var lastMinute = await room.Buy(buyer, "s-1", Shop.NewId("o"), 1, 31.23, 121.47);
        fixture.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(10));

        await Eventually.True(async () => (await room.GetSnapshot()).FlashSales.Single().Status == FlashSaleStatus.Ended,
            cancellationToken: TestContext.Current.CancellationToken);

        // Time here moves only when the test moves it: a give-back the pool could not take at once is tried again by the
        // room's housekeeping a second later, so the first looks let a second pass each, as it would by itself (not
        // so many that the order bought in the last minute runs out of time to pay).
        var secondsLet = 0;
        await Eventually.True(async () =>
        {
            if (secondsLet++ < 30)
            {
                fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            return (await shop.Pool(shop.Serum).GetInventory()).Reserved == 1;
        }, cancellationToken: TestContext.Current.CancellationToken);
        var tooLate = await Assert.ThrowsAsync<DomainException>(() => room.Buy(buyer, "s-1", Shop.NewId("o"), 1, 31.23, 121.47));
        var paid = await shop.Order(lastMinute.OrderId).Pay(new PayOrder("p-1", lastMinute.Total));

        Assert.Equal(ErrorCodes.SoldOut, tooLate.Code);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetInventory()).Reserved == 0,
            cancellationToken: TestContext.Current.CancellationToken);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((19L, 19L), (pool.OnHand, pool.Available));
    }

    /// <summary>A live room with a flash sale <c>s-1</c> of three serums.</summary>
    [Fact]
    public async Task SlowMode_OfFiveMinutes_StillRefusesAViewerThreeMinutesAfterTheirComment()
    {
        var (shop, room) = await RoomSellingThreeSerums();
        await room.SetSlowMode(new Actor(shop.DirectGuide, "Li Fang", Roles.Guide), 300);
        await room.PostComment(Viewer("m-1"), "c-1", "first");

        // Another viewer keeps the room busy, so its housekeeping tidies the chat after the first viewer has been quiet a while.
        fixture.Clock.Advance(TimeSpan.FromSeconds(170));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await room.PostComment(Viewer("m-2"), "c-1", "hello");
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-2", "again"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(126));
        await room.PostComment(Viewer("m-1"), "c-3", "five minutes on");

        Assert.Equal(ErrorCodes.SlowMode, refused.Code);
        Assert.Equal(3, (await room.GetStats()).Comments);
    }

    private static Actor Viewer(string userId) => new(userId, userId, Roles.Member);

    [Fact]
    public async Task ViewerJoiningWhileTheCountChangesAndChangesBack_IsSentTheCountItGoesBackTo()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var (edgeA, edgeB) = (FeedRecorder.Create(_grains), FeedRecorder.Create(_grains));
        await edgeA.Watch(room, 1);
        await TickUntil(edgeA, u => u.Viewers == 1);

        // Within one tick: edge B's viewers come, a viewer joins on edge A (the snapshot counts them), and they go again.
        // The next batch is like the last one sent, and still goes out: the joiner was shown another count since.
        await edgeB.Watch(room, 2);
        var joined = await room.GetSnapshot();
        await edgeB.Watch(room, 0);

        Assert.Equal(3, joined.Viewers);
        Assert.Equal(1, (await TickUntil(edgeA, u => u.Seq > joined.Seq)).Viewers);
    }

    /// <summary>Lets the room's tick go until <paramref name="edge"/> is sent a batch that satisfies <paramref name="condition"/>.</summary>
    private async Task<RoomUpdate> TickUntil(FeedRecorder edge, Func<RoomUpdate, bool> condition)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            if (edge.Updates.FirstOrDefault(condition) is { } update)
            {
                return update;
            }

            fixture.Clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("No such batch reached the Edge.");
    }

    private async Task<(Shop Shop, ILiveRoomGrain Room)> RoomSellingThreeSerums()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]));
        await room.Start(host);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        return (shop, room);
    }
}
