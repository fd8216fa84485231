using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

[Collection(ClusterCollection.Name)]
public sealed class OrderTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Place_ReservesEveryLine_AtThePricesOfTheStoreTheMemberEntered()
    {
        var shop = await Shop.Open(_grains);
        await _grains.GetGrain<IStoreGrain>(shop.FranchiseStore).SetCatalogEntry(new StoreCatalogEntry(shop.Serum, 29_900, "第二件半价"));
        var orderId = Shop.NewId("o");

        var order = await shop.Order(orderId).Place(shop.Placing(shop.FranchiseStore, (shop.Serum, 2), (shop.Cream, 1)));

        Assert.Equal(OrderStatus.Reserved, order.Status);
        Assert.Equal([29_900L, Shop.CreamPrice], order.Lines.Select(l => l.UnitPrice));
        Assert.Equal(2 * 29_900 + Shop.CreamPrice, order.Total);
        Assert.Equal(2, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
        Assert.Equal(1, (await shop.Pool(shop.Cream).GetInventory()).Reserved);
        Assert.Equal(shop.DirectGuide, order.GuideId);
    }

    [Fact]
    public async Task OrdersPlacedPaidAndCancelledAllAtOnce_WhileAPoolLeavesMemory_SellEachUnitOnce_AndFreeTheRest()
    {
        var shop = await Shop.Open(_grains);

        // Thirty orders race for 20 serums and 20 creams; each that gets its stock is paid (twice, as a retry) or
        // cancelled at once, and the serum pool is moved out of memory in the middle of it.
        async Task<(int Serums, int Creams, bool Paid)> PlaceThenPayOrCancel(int i)
        {
            var order = shop.Order(Shop.NewId("o"));
            Order placed;
            try
            {
                placed = await order.Place(shop.Placing((shop.Serum, 1 + (i % 2)), (shop.Cream, 1)));
            }
            catch (DomainException)
            {
                return (0, 0, false);
            }

            var (serums, creams) = (placed.Lines.Single(l => l.Sku == shop.Serum).Quantity, placed.Lines.Single(l => l.Sku == shop.Cream).Quantity);
            if (i % 3 == 0)
            {
                await order.Cancel();
                return (serums, creams, false);
            }

            var pays = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => order.Pay(new PayOrder($"pay-{i}", placed.Total))));
            return (serums, creams, pays.All(p => p.Status == OrderStatus.Paid));
        }

        var ordering = Enumerable.Range(0, 30).Select(PlaceThenPayOrCancel).ToList();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        await _grains.GetGrain<IManagementGrain>(0).DeactivateGrain(shop.Pool(shop.Serum).GetGrainId(), TestContext.Current.CancellationToken);
        var outcomes = await Task.WhenAll(ordering);

        var paid = outcomes.Where(o => o.Paid).ToList();
        Assert.NotEmpty(paid);
        foreach (var (sku, sold) in new[] { (shop.Serum, paid.Sum(o => o.Serums)), (shop.Cream, paid.Sum(o => o.Creams)) })
        {
            await Eventually.True(async () => (await shop.Pool(sku).GetInventory()) is { Reserved: 0 } stock && stock.OnHand == 20 - sold,
                cancellationToken: TestContext.Current.CancellationToken);
            var ledger = await shop.Pool(sku).GetLedger(0, 1_000);
            Assert.Equal((20L - sold, 0L), (ledger.Entries.Sum(m => m.OnHandDelta), ledger.Entries.Sum(m => m.ReservedDelta)));
        }

        var guide = (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today;
        Assert.Equal(paid.Count, guide.Orders);
    }

    [Fact]
    public async Task Place_WhenOneLineIsShort_ReleasesTheOthersAndRefuses()
    {
        var shop = await Shop.Open(_grains);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 2), (shop.Cream, 25))));

        Assert.Equal(ErrorCodes.InsufficientStock, error.Code);
        Assert.Equal(0, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
        Assert.Equal(0, (await shop.Pool(shop.Cream).GetInventory()).Reserved);
    }

    [Fact]
    public async Task Place_SameIdTwice_IsOneOrder_AndADifferentOrderUnderItIsRefused()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));

        var first = await order.Place(shop.Placing((shop.Serum, 1)));
        var again = await order.Place(shop.Placing((shop.Serum, 1)));
        var other = await Assert.ThrowsAsync<DomainException>(() => order.Place(shop.Placing((shop.Serum, 3))));

        Assert.Equal(first.ExpiresAt, again.ExpiresAt);
        Assert.Equal(ErrorCodes.OrderConflict, other.Code);
        Assert.Equal(1, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
    }

    [Theory]
    [InlineData("unknown-store")]
    [InlineData("unknown-sku")]
    [InlineData("unknown-member")]
    [InlineData("unknown-guide")]
    public async Task Place_WithAnUnknownId_Returns404AndReservesNothing(string code)
    {
        var shop = await Shop.Open(_grains);
        var request = code switch
        {
            "unknown-store" => shop.Placing("no-such-store", (shop.Serum, 1)),
            "unknown-sku" => shop.Placing(("no-such-sku", 1), (shop.Serum, 1)),
            "unknown-member" => shop.Placing((shop.Serum, 1)) with { MemberId = "nobody" },
            _ => shop.Placing((shop.Serum, 1)) with { GuideId = "no-such-guide" },
        };

        var error = await Assert.ThrowsAsync<DomainException>(() => shop.Order(Shop.NewId("o")).Place(request));

        Assert.Equal((ErrorKind.NotFound, code), (error.Kind, error.Code));
        Assert.Equal(0, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
    }

    [Fact]
    public async Task Place_HoldsItsStockPastItsPaymentWindow_AndAWindowThePoolsCannotHoldThatLongIsRefused()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));

        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { TtlSeconds = 60 });
        var reservation = (await shop.Pool(shop.Serum).GetReservation(placed.Lines[0].ReservationId))!;
        var tooLong = await Assert.ThrowsAsync<DomainException>(() =>
            shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { TtlSeconds = 86_400 - 119 }));

        Assert.InRange(reservation.ExpiresAt - placed.ExpiresAt, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
        Assert.Equal((ErrorCodes.ValidationFailed, "ttlSeconds must be at most 86280."), (tooLong.Code, tooLong.Message));
        Assert.Equal(1, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
    }

    [Fact]
    public async Task Pay_WithAnAmountOtherThanTheTotal_Is422AndChangesNothing()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));

        var error = await Assert.ThrowsAsync<DomainException>(() => order.Pay(new PayOrder("pay-1", placed.Total - 1)));

        Assert.Equal((ErrorKind.Unprocessable, ErrorCodes.AmountMismatch), (error.Kind, error.Code));
        Assert.Equal(OrderStatus.Reserved, (await order.Get())!.Status);
        Assert.Equal(1, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
    }

    [Fact]
    public async Task Pay_ConcurrentDuplicates_HaveExactlyOneEffect()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2), (shop.Cream, 1)));

        // Twenty retries of one payment and five other payments, all racing; whichever arrives first wins.
        var paymentIds = Enumerable.Range(0, 25).Select(i => i < 20 ? "pay-1" : $"pay-other-{i}").ToArray();
        var attempts = await Task.WhenAll(paymentIds.Select(async paymentId =>
        {
            try
            {
                return (PaymentId: paymentId, Outcome: (await order.Pay(new PayOrder(paymentId, placed.Total))).Payment!.PaymentId);
            }
            catch (DomainException error)
            {
                return (PaymentId: paymentId, Outcome: error.Code);
            }
        }));

        var winner = (await order.Get())!.Payment!.PaymentId;
        Assert.All(attempts, a => Assert.Equal(a.PaymentId == winner ? winner : ErrorCodes.OrderAlreadyPaid, a.Outcome));
        var guide = (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today;
        Assert.Equal((placed.Total, 1), (guide.SalesAmount, guide.Orders));
        var member = (await _grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!;
        Assert.Equal((placed.Total / 100, placed.Total), (member.Points, member.PaidSpend));
        var serum = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((18, 0), (serum.OnHand, serum.Reserved));
        var queue = await _grains.GetGrain<IStoreGrain>(shop.DirectStore).GetFulfilmentQueue();
        Assert.Equal(order.GetPrimaryKeyString(), Assert.Single(queue).OrderId);
    }

    [Fact]
    public async Task FulfilledOrder_IsNotQueuedAgain_WhenItsStockConfirmIsRepeated()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.FranchiseStore });
        await order.Pay(new PayOrder("pay-1", placed.Total));
        await order.Fulfil(shop.FranchiseStore, placed.PickupCode);

        // An outbox retrying the stock confirm (its first answer was lost) after the store handed the goods over.
        await shop.Pool(shop.Serum).Confirm(placed.Lines[0].ReservationId);

        Assert.Empty(await _grains.GetGrain<IStoreGrain>(shop.FranchiseStore).GetFulfilmentQueue());
    }

    [Fact]
    public async Task Pay_SplitsTheMoney_CommissionOffTheTop_FranchiseOwnerNinetyPercent_AndSumsToTheTotal()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placing = shop.Placing(shop.FranchiseStore, (shop.Cream, 3)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.FranchiseStore };
        var placed = await order.Place(placing);

        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));

        var total = 3 * Shop.CreamPrice;
        var commission = (long)Math.Floor(total * 0.03m);
        var owner = (long)Math.Floor((total - commission) * 0.9m);
        Assert.Equal(
            [("brand", total - commission - owner, SettlementKind.Brand), (shop.Dealer, owner, SettlementKind.Franchise), ($"guide:{shop.DirectGuide}", commission, SettlementKind.Commission)],
            paid.Settlement.Select(s => (s.AccountId, s.Amount, s.Kind)));
        Assert.Equal(paid.Total, paid.Settlement.Sum(s => s.Amount));
        Assert.Equal(commission, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.Commission);
    }

    [Fact]
    public async Task Pay_AnOrderOfADirectStoreWithoutGuide_PaysTheBrandEverything()
    {
        var shop = await Shop.Open(_grains);
        var loner = Shop.NewId("m");
        await shop.NewMember(loner);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { MemberId = loner });

        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));

        Assert.Null(paid.GuideId);
        Assert.Equal(("brand", Shop.SerumPrice), (Assert.Single(paid.Settlement).AccountId, paid.Settlement[0].Amount));
    }

    [Fact]
    public async Task Cancel_ReleasesTheStock_AndAPaidOrderCannotBeCancelled()
    {
        var shop = await Shop.Open(_grains);
        var cancelled = shop.Order(Shop.NewId("o"));
        var paid = shop.Order(Shop.NewId("o"));
        await cancelled.Place(shop.Placing((shop.Serum, 4)));
        var placed = await paid.Place(shop.Placing((shop.Serum, 1)));
        await paid.Pay(new PayOrder("pay-1", placed.Total));

        var result = await cancelled.Cancel();
        var again = await cancelled.Cancel();
        var refused = await Assert.ThrowsAsync<DomainException>(() => paid.Cancel());

        Assert.Equal((OrderStatus.Cancelled, OrderStatus.Cancelled), (result.Status, again.Status));
        Assert.Equal(ErrorCodes.OrderPaid, refused.Code);
        Assert.Equal(0, (await shop.Pool(shop.Serum).GetInventory()).Reserved);
        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == cancelled.GetPrimaryKeyString() && u.Status == OrderStatus.Cancelled);
    }

    [Fact]
    public async Task Fulfil_PickUp_NeedsTheCodeAndTheRightStore_ThenTheOrderIsFulfilled()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.FranchiseStore });

        var unpaid = await Assert.ThrowsAsync<DomainException>(() => order.Fulfil(shop.FranchiseStore, placed.PickupCode));
        await order.Pay(new PayOrder("pay-1", placed.Total));
        var wrongStore = await Assert.ThrowsAsync<DomainException>(() => order.Fulfil(shop.DirectStore, placed.PickupCode));
        var wrongCode = await Assert.ThrowsAsync<DomainException>(() => order.Fulfil(shop.FranchiseStore, "000000" == placed.PickupCode ? "111111" : "000000"));
        var fulfilled = await order.Fulfil(shop.FranchiseStore, placed.PickupCode);

        Assert.Matches("^[0-9]{6}$", placed.PickupCode!);
        Assert.Equal(ErrorCodes.OrderNotPaid, unpaid.Code);
        Assert.Equal(ErrorCodes.NotFulfillingStore, wrongStore.Code);
        Assert.Equal(ErrorCodes.PickupCodeMismatch, wrongCode.Code);
        Assert.Equal(OrderStatus.Fulfilled, fulfilled.Status);
        Assert.Empty(await _grains.GetGrain<IStoreGrain>(shop.FranchiseStore).GetFulfilmentQueue());
    }

    [Fact]
    public async Task Attribution_ALiveRoomCountsToItsHostWhileLive_ElseASharedGuideLink_ElseTheExclusiveGuide()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await room.Create(new CreateLiveRoom(shop.FranchiseGuide, "Night cream night", shop.RegionId, [shop.Cream]));
        var scheduled = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Cream, 1)) with { LiveRoomId = room.GetPrimaryKeyString() });
        await room.Start(new Actor("ops-1", "Ops", Roles.Ops));

        var shared = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { GuideId = shop.FranchiseGuide });
        var exclusive = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)));
        var inRoom = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Cream, 1)) with { LiveRoomId = room.GetPrimaryKeyString() });
        var inRoomByLink = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Cream, 1)) with { LiveRoomId = room.GetPrimaryKeyString(), GuideId = shop.DirectGuide });

        Assert.Equal(shop.FranchiseGuide, shared.GuideId);
        Assert.Equal(shop.DirectGuide, exclusive.GuideId);
        Assert.Equal((null, shop.DirectGuide), (scheduled.LiveRoomId, scheduled.GuideId));
        Assert.Equal((room.GetPrimaryKeyString(), shop.FranchiseGuide), (inRoom.LiveRoomId, inRoom.GuideId));
        Assert.Equal((room.GetPrimaryKeyString(), shop.FranchiseGuide), (inRoomByLink.LiveRoomId, inRoomByLink.GuideId));
    }

    [Fact]
    public async Task Coupon_LowersTheTotal_AndCannotPayForTwoOrders()
    {
        var (shop, member) = await ShopWhoseMemberHasCoupon30();
        var first = shop.Order(Shop.NewId("o"));
        var second = shop.Order(Shop.NewId("o"));
        var placedFirst = await first.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-30" });
        var placedSecond = await second.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-30" });

        await first.Pay(new PayOrder("pay-1", placedFirst.Total));
        var refused = await Assert.ThrowsAsync<DomainException>(() => second.Pay(new PayOrder("pay-2", placedSecond.Total)));

        Assert.Equal((Shop.SerumPrice, 3_000, Shop.SerumPrice - 3_000), (placedFirst.Subtotal, placedFirst.Discount, placedFirst.Total));
        Assert.Equal(ErrorCodes.CouponUnavailable, refused.Code);
        Assert.Equal(OrderStatus.Reserved, (await second.Get())!.Status);
    }

    [Fact]
    public async Task Order_FulfilledBeforeItsStockConfirmationLanded_LeavesNoLineWaitingInTheStoresQueue()
    {
        // The pool cannot confirm at the payment (its confirmation is retried); the member is at the counter, and the
        // store hands the goods over at once. A line queued by the confirmation after that would wait there for good.
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        var storeId = placed.Lines[0].Allocations.Single().StoreId;
        fixture.StorageFaults.FailNextAppend($"pool/{PoolKey.For(shop.Serum, shop.RegionId)}");
        await order.Pay(new PayOrder("pay-1", placed.Total));
        fixture.StorageFaults.FailNextAppend($"pool/{PoolKey.For(shop.Serum, shop.RegionId)}");
        var notYet = await Assert.ThrowsAsync<DomainException>(() => order.Fulfil(storeId, null));
        Assert.Equal(OrderStatus.Paid, (await order.Get())!.Status);

        var fulfilled = await order.Fulfil(storeId, null);

        Assert.Equal((ErrorKind.Unavailable, ErrorCodes.Unavailable), (notYet.Kind, notYet.Code));
        Assert.Equal(OrderStatus.Fulfilled, fulfilled.Status);
        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetReservation(placed.Lines[0].ReservationId))!.Status == ReservationStatus.Confirmed,
            cancellationToken: TestContext.Current.CancellationToken);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(await _grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentQueue(), f => f.OrderId == order.GetPrimaryKeyString());
    }

    [Theory]
    [InlineData("the order's write")]
    [InlineData("the member's list")]
    public async Task APlacementThatFailed_IsNotInTheMembersList_UntilItsRetry_ThenOnce(string failing)
    {
        var shop = await Shop.Open(_grains);
        var orders = _grains.GetGrain<IMemberOrdersGrain>(shop.Member);
        var order = shop.Order(Shop.NewId("o"));
        if (failing == "the order's write")
        {
            fixture.StorageFaults.FailNextWrite(order.GetGrainId(), "order");
        }
        else
        {
            fixture.StorageFaults.FailNextAppend($"orders/{shop.Member}");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => order.Place(shop.Placing((shop.Serum, 1))));
        var afterTheFailure = await orders.List(liveRoomId: null, before: null, 10);
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        var afterTheRetry = await orders.List(liveRoomId: null, before: null, 10);

        Assert.Empty(afterTheFailure!.Orders);
        Assert.Equal([(placed.OrderId, OrderStatus.Reserved)], afterTheRetry!.Orders.Select(o => (o.OrderId, o.Status)));
    }

    [Fact]
    public async Task CancelWhoseWriteFailed_ThenPaid_TakesTheStockItSold()
    {
        // The member cancels, the order cannot store it, and the payment (made meanwhile) arrives: the order is paid,
        // so its stock must be sold, not handed back to the region by the cancel that did not happen.
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        fixture.StorageFaults.FailNextWrite(order.GetGrainId(), "order");
        await Assert.ThrowsAsync<OrleansException>(() => order.Cancel());

        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));

        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Equal(ReservationStatus.Confirmed, (await shop.Pool(shop.Serum).GetReservation(placed.Lines[0].ReservationId))!.Status);
        Assert.Equal(19, (await shop.Pool(shop.Serum).GetInventory()).OnHand);
    }

    [Fact]
    public async Task CancelWhosePoolFailedToTakeTheStockBack_IsCancelled_AndItsRetryGivesTheStockBack()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        fixture.StorageFaults.FailNextAppend($"pool/{PoolKey.For(shop.Serum, shop.RegionId)}");
        await Assert.ThrowsAnyAsync<Exception>(() => order.Cancel());

        var refused = await Assert.ThrowsAsync<DomainException>(() => order.Pay(new PayOrder("pay-1", placed.Total)));
        var cancelled = await order.Cancel();

        Assert.Equal(ErrorCodes.OrderCancelled, refused.Code);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(ReservationStatus.Released, (await shop.Pool(shop.Serum).GetReservation(placed.Lines[0].ReservationId))!.Status);
        Assert.Equal(20, (await shop.Pool(shop.Serum).GetInventory()).Available);
    }

    [Theory]
    [InlineData("cancelled")]
    [InlineData("lapsed")]
    public async Task Coupon_SpentByAPaymentWhoseWriteFailed_IsTheMembersAgain_OnceTheOrderEndsUnpaid(string end)
    {
        var (shop, member) = await ShopWhoseMemberHasCoupon30();
        var abandoned = shop.Order(Shop.NewId("o"));
        var placed = await abandoned.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-30", TtlSeconds = 4 });

        // The member grain spends the coupon, then the order's own write fails: the member sees the payment fail.
        fixture.StorageFaults.FailNextWrite(abandoned.GetGrainId(), "order");
        await Assert.ThrowsAsync<OrleansException>(() => abandoned.Pay(new PayOrder("pay-1", placed.Total)));
        Assert.Equal(abandoned.GetPrimaryKeyString(), await CouponHolder(member, "c-30"));
        if (end == "cancelled")
        {
            await abandoned.Cancel();
        }

        await Eventually.True(async () => await CouponHolder(member, "c-30") is null, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        var next = shop.Order(Shop.NewId("o"));
        var placedNext = await next.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-30" });
        var paid = await next.Pay(new PayOrder("pay-2", placedNext.Total));

        Assert.Equal(end == "cancelled" ? OrderStatus.Cancelled : OrderStatus.Expired, (await abandoned.Get())!.Status);
        Assert.Equal((OrderStatus.Paid, 3_000), (paid.Status, paid.Discount));
        Assert.Equal(next.GetPrimaryKeyString(), await CouponHolder(member, "c-30"));
    }

    [Fact]
    public async Task ReturnCoupon_ForAnotherOrder_LeavesTheCouponSpent()
    {
        var (shop, member) = await ShopWhoseMemberHasCoupon30();
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { CouponId = "c-30" });
        await order.Pay(new PayOrder("pay-1", placed.Total));

        await member.ReturnCoupon("c-30", "some-other-order");

        Assert.Equal(order.GetPrimaryKeyString(), await CouponHolder(member, "c-30"));
    }

    [Fact]
    public async Task PaidOrder_AlertsTheGuide()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));

        await order.Pay(new PayOrder("pay-1", placed.Total));

        var alert = await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.OrderId == order.GetPrimaryKeyString());
        Assert.Equal((GuideAlertKind.OrderPaid, shop.Member), (alert.Kind, alert.MemberId));
        await PushRecorder.WaitFor(() => fixture.Pushes.UpdatesFor(shop.Member), u => u.OrderId == order.GetPrimaryKeyString() && u.Status == OrderStatus.Paid);
    }

    private static async Task<string?> CouponHolder(IMemberGrain member, string couponId) =>
        (await member.GetProfile())!.Coupons.Single(c => c.CouponId == couponId).UsedByOrderId;

    /// <summary>A shop whose member holds coupon <c>c-30</c>: 30 yuan off an order of at least 300, for a week.</summary>
    private async Task<(Shop Shop, IMemberGrain Member)> ShopWhoseMemberHasCoupon30()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        await member.GrantCoupon(new Coupon("c-30", 3_000, 30_000, DateTimeOffset.UtcNow.AddDays(7)));
        return (shop, member);
    }
}
