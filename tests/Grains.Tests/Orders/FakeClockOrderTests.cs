using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockOrderTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task UnpaidOrder_ExpiresWithItsReservations_AndCannotBePaid()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2)));
        Assert.Equal(fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(15), placed.ExpiresAt);

        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<DomainException>(() => order.Pay(new PayOrder("pay-1", placed.Total)));

        Assert.Equal(ErrorCodes.OrderExpired, error.Code);
        Assert.Equal(OrderStatus.Expired, (await order.Get())!.Status);
        Assert.Equal(0, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == placed.OrderId && u.Status == OrderStatus.Expired);
    }

    [Fact]
    public async Task Coupon_ValidWhenTheOrderWasPlaced_IsHonouredWhenItIsPaid_ButNotForANewOrder()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        await member.GrantCoupon(new Coupon("c-10", 1_000, 1_000, fixture.Clock.GetUtcNow() + TimeSpan.FromMinutes(10)));
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-10" });

        // The coupon lapses while the member is paying, inside the order's 15 minutes.
        fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-10" }));
        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));

        Assert.Equal(ErrorCodes.CouponUnavailable, refused.Code);
        Assert.Equal((OrderStatus.Paid, 1_000, Shop.SerumPrice - 1_000), (paid.Status, paid.Discount, paid.Total));
        Assert.Equal(placed.OrderId, (await member.GetProfile())!.Coupons.Single().UsedByOrderId);
    }

    [Fact]
    public async Task UnpaidOrder_NoLongerInMemory_StillExpiresOnTime_AndItsMemberHears()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));

        // Nobody calls the order again and it leaves memory, as an idle order does after its collection age.
        await Activations.Deactivate(_grains, order);

        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + OrderExpiries.CheckInterval);
        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == placed.OrderId && u.Status == OrderStatus.Expired);
        Assert.Equal(OrderStatus.Expired, (await order.Get())!.Status);
    }

    [Fact]
    public async Task UnpaidOrder_ForgottenBySilo_AsAfterARestart_IsWatchedAgainWhenItsPoolActivates_AndItsMemberHears()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        var pool = shop.Pool(shop.Serum);

        // What a restart loses: the order and its pool leave memory, and the silo's in-memory watch forgets the order.
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<OrderExpiries>().Forget(placed.OrderId);
        await Activations.Deactivate(_grains, order, pool);

        // The pool comes back (after a restart, its expiry reminder wakes it within a minute).
        await pool.GetInventory();
        fixture.Clock.Advance(TimeSpan.FromMinutes(15) + OrderExpiries.CheckInterval);

        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == placed.OrderId && u.Status == OrderStatus.Expired);
    }

    [Fact]
    public async Task PaidOrder_WhosePoolCouldNotConfirmUntilItsReservationsTimeWasUp_StillSellsItsUnits_AndTheStoreShipsThem()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2)));
        var line = placed.Lines[0];
        var pool = shop.Pool(shop.Serum);
        var onHand = (await pool.GetInventory()).OnHand;

        // The pool's ledger fails the payment's confirmation, and the order's retries do not reach the pool again until
        // the order's window and the grace its reservations have over it are past (as in a ledger outage).
        fixture.StorageFaults.FailNextAppend($"pool/{PoolKey.For(shop.Serum, shop.RegionId)}");
        await order.Pay(new PayOrder("pay-1", placed.Total));
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));

        await Eventually.True(async () => (await pool.GetReservation(line.ReservationId))!.Status == ReservationStatus.Confirmed,
            cancellationToken: TestContext.Current.CancellationToken);
        var inventory = await pool.GetInventory();
        Assert.Equal((onHand - 2, 0L), (inventory.OnHand, inventory.Reserved));
        var store = _grains.GetGrain<IStoreGrain>(line.Allocations.Single().StoreId);
        Assert.Contains(await store.GetFulfilmentQueue(), f => f.OrderId == placed.OrderId);
    }

    [Fact]
    public async Task LiveRoom_CountsOrdersUntil72HoursAfterItEnds()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await room.Create(new CreateLiveRoom(shop.FranchiseGuide, "Serum week", shop.RegionId, [shop.Serum]));
        await room.Start(new Actor("ops-1", "Ops", Roles.Ops));
        await room.End(new Actor("ops-1", "Ops", Roles.Ops));

        fixture.Clock.Advance(TimeSpan.FromHours(71));
        var within = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { LiveRoomId = room.GetPrimaryKeyString() });
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var after = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { LiveRoomId = room.GetPrimaryKeyString() });

        Assert.Equal(room.GetPrimaryKeyString(), within.LiveRoomId);
        Assert.Null(after.LiveRoomId);
    }

    [Fact]
    public async Task GuidePerformance_ResetsAtMidnightInShanghai()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var now = fixture.Clock.GetUtcNow();

        // 23:59 and 00:01 in Shanghai (UTC+8) of consecutive local days.
        var lateEvening = new DateTimeOffset(now.Year, now.Month, now.Day, 15, 59, 0, TimeSpan.Zero).AddDays(1);
        await guide.RecordSale(shop.InStoreSale(10_000, lateEvening));
        await guide.RecordSale(shop.InStoreSale(20_000, lateEvening.AddMinutes(2)));

        fixture.Clock.SetUtcNow(lateEvening.AddSeconds(30));
        var evening = (await guide.GetView())!.Today;
        fixture.Clock.SetUtcNow(lateEvening.AddMinutes(3));
        var nextDay = (await guide.GetView())!.Today;

        Assert.Equal(10_000, evening.SalesAmount);
        Assert.Equal((20_000L, 1), (nextDay.SalesAmount, nextDay.Orders));
        Assert.Equal(evening.Date.AddDays(1), nextDay.Date);
    }
}
