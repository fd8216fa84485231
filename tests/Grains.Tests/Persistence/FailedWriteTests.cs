using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Stores;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Persistence;

/// <summary>A grain whose state write failed must come back with what storage holds, not fail every write from then on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailedWriteTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task RegionStock_WhoseFlushFailed_IsWrittenLater_SoItsNextActivationKnowsTheStock()
    {
        var shop = await Shop.Open(_grains);
        var regionStock = _grains.GetGrain<IRegionStockGrain>(shop.RegionId);
        await Eventually.True(async () => (await regionStock.GetAvailability()).GetValueOrDefault(shop.Serum) == 20, cancellationToken: TestContext.Current.CancellationToken);

        fixture.StorageFaults.FailNextWrite(regionStock.GetGrainId(), "region-stock");
        await shop.Pool(shop.Serum).SetOnHand(shop.DirectStore, 15);
        await Eventually.True(async () => (await regionStock.GetAvailability())[shop.Serum] == 25, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.True(
            () => !fixture.StorageFaults.WriteFailurePending(regionStock.GetGrainId(), "region-stock"),
            TimeSpan.FromSeconds(10),
            TestContext.Current.CancellationToken);
        await Activations.Deactivate(_grains, regionStock);

        Assert.Equal(25, (await regionStock.GetAvailability())[shop.Serum]);
    }

    [Fact]
    public async Task Guide_WhoseWriteLandedButWasReportedFailed_CountsTheRetriedSaleOnce_AndKeepsWriting()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000));
        var retried = shop.InStoreSale(20_000);

        // The second sale is stored, but the guide hears it failed: its memory is no longer known to match storage.
        fixture.StorageFaults.LoseNextAppendAnswer($"guide/{shop.DirectGuide}");
        await Assert.ThrowsAsync<IOException>(() => guide.RecordSale(retried));

        await guide.RecordSale(retried);
        await guide.RecordSale(shop.InStoreSale(5_000));

        var today = (await guide.GetView())!.Today;
        Assert.Equal((35_000, 3), (today.SalesAmount, today.Orders));
        Assert.Equal(35_000, (await _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Rank("guide-sales", "all", shop.DirectGuide)).Score);
    }

    [Fact]
    public async Task Guide_WhoseNewCustomerWasSavedButNotCounted_CountsItOnTheRetry_Once()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var boundAt = DateTimeOffset.UtcNow;
        var before = (await guide.GetView())!;

        // The customer list is saved, the day's count is not: the retry finds a known customer and must still count it.
        fixture.StorageFaults.FailNextAppend($"guide/{shop.DirectGuide}");
        await Assert.ThrowsAsync<IOException>(() => guide.AddCustomer("m-retried", boundAt));
        await guide.AddCustomer("m-retried", boundAt);
        await guide.AddCustomer("m-retried", boundAt);

        var view = (await guide.GetView())!;
        Assert.Equal((before.Today.NewMembers + 1, before.Customers + 1), (view.Today.NewMembers, view.Customers));
    }

    [Fact]
    public async Task Guide_WhoseCustomerWriteLandedButWasReportedFailed_HasTheCustomerOnce_CountedOnce()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var before = (await guide.GetView())!;
        var memberId = Shop.NewId("m");
        var boundAt = DateTimeOffset.UtcNow;

        // The customer is stored, but the binding hears it failed: the guide comes back from storage and the retry is a repeat.
        fixture.StorageFaults.LoseNextAppendAnswer($"customers/{shop.DirectGuide}");
        await Assert.ThrowsAsync<IOException>(() => guide.AddCustomer(memberId, boundAt));
        await guide.AddCustomer(memberId, boundAt.AddSeconds(5));

        var view = (await guide.GetView())!;
        Assert.Equal((before.Customers + 1, before.Today.NewMembers + 1), (view.Customers, view.Today.NewMembers));
        Assert.Equal(boundAt, (await guide.GetCustomers()).Single(c => c.MemberId == memberId).BoundAt);
    }

    [Fact]
    public async Task Guide_WhoseCustomersWereStoredAsGrainState_MovesThemToRows_OnItsNextActivation()
    {
        var guide = _grains.GetGrain<IGuideGrain>(Shop.NewId("guide"));
        var boundAt = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var storage = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        await storage.WriteStateAsync("guide-customers", guide.GetGrainId(),
            new GrainState<GuideCustomersState>(new GuideCustomersState { Customers = { ["m-early"] = boundAt } }));

        Assert.Equal([new GuideCustomer("m-early", boundAt)], await guide.GetCustomers());
        var after = new GrainState<GuideCustomersState>();
        await storage.ReadStateAsync("guide-customers", guide.GetGrainId(), after);
        Assert.Empty(after.State?.Customers ?? []);
    }

    [Fact]
    public async Task CoinAwardAndGuideProfile_RepeatedWhileTheirWriteIsUnderway_AreAnsweredOnlyOnceStored_AndCountOnce()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.GetView();

        // A PK whose award call timed out while the guide's write was slow sends it again, and takes that answer as
        // "paid" for good: were the repeat answered before the first write landed, a failed write would lose the coins.
        await AnsweredOnlyOnceStored(guide.GetGrainId(), "guide", () => guide.AwardCoins("pk:sprint", 100, "target reached"));
        var renamed = (await guide.GetProfile())! with { Name = "Li Fang (Puxi)" };
        await AnsweredOnlyOnceStored(guide.GetGrainId(), "guide", () => guide.Define(renamed));
        await Activations.Deactivate(_grains, guide);
        Assert.Equal((100, renamed.Name), ((await guide.GetView())!.Coins, (await guide.GetProfile())!.Name));
    }

    [Fact]
    public async Task RoomCreateStartAndEnd_RepeatedWhileTheirWriteIsUnderway_AreAnsweredOnlyOnceStored()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        var create = new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]);

        // A client whose call timed out while the write was slow sends it again; "created", "live" or "ended" must
        // not come back before it is stored.
        await AnsweredOnlyOnceStored(room.GetGrainId(), "live-room", () => room.Create(create));
        await AnsweredOnlyOnceStored(room.GetGrainId(), "live-room", () => room.Start(host));
        await AnsweredOnlyOnceStored(room.GetGrainId(), "live-room", () => room.End(host));
        Assert.Equal(LiveRoomStatus.Ended, (await room.GetInfo())!.Status);
    }

    [Fact]
    public async Task FlashSaleStart_RepeatedWhileTheSalesWriteIsUnderway_IsAnsweredOnlyOnceStored()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]));
        await room.Start(host);

        // The start's last write (the sale itself, once its units are taken) is the slow one.
        var pool = $"pool/{PoolKey.For(shop.Serum, shop.RegionId)}";
        var reserving = fixture.StorageFaults.HoldNextAppend(pool);
        var first = room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        await fixture.StorageFaults.HeldAppendReached(pool);
        var held = fixture.StorageFaults.HoldNextWrite(room.GetGrainId(), "live-room");
        reserving.SetResult();
        await Eventually.True(async () => (await room.GetSnapshot()).FlashSales.Any(), cancellationToken: TestContext.Current.CancellationToken);

        await NeitherAnsweredWhileHeld(held, first, () => room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5));
    }

    [Fact]
    public async Task PkCreate_RepeatedWhileItsWriteIsUnderway_IsAnsweredOnlyOnceStored()
    {
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        var definition = new CreatePk("Serum sprint", PkMetric.Orders,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, 5), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, 5)],
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        await AnsweredOnlyOnceStored(pk.GetGrainId(), "pk", () => pk.Create(definition));
    }

    /// <summary>Sends a call and its repeat while the grain's next write of <paramref name="stateName"/> is held; neither may be answered before it lands.</summary>
    private async Task AnsweredOnlyOnceStored(GrainId grain, string stateName, Func<Task> call)
    {
        var held = fixture.StorageFaults.HoldNextWrite(grain, stateName);
        await NeitherAnsweredWhileHeld(held, call(), call);
    }

    /// <summary>Sends the repeat of <paramref name="first"/>, whose write is <paramref name="held"/>; then lets the write land.</summary>
    private static async Task NeitherAnsweredWhileHeld(TaskCompletionSource held, Task first, Func<Task> repeatCall)
    {
        var repeat = repeatCall();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var answeredWhileHeld = (first.IsCompleted, repeat.IsCompleted);

        held.SetResult();
        await Task.WhenAll(first, repeat);
        Assert.Equal((false, false), answeredWhileHeld);
    }

    [Fact]
    public async Task Guide_ShowsOnlyStoredSales_AndAnswersARepeat_OnlyOnceTheFirstIsStored()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.GetView();
        var sale = shop.InStoreSale(10_000);

        var held = fixture.StorageFaults.HoldNextAppend($"guide/{shop.DirectGuide}");
        var first = guide.RecordSale(sale);
        var repeat = guide.RecordSale(sale);

        // While the write is held the sale is not stored, so the figures do not show it; and an outbox takes a
        // repeat's answer as "stored", so the repeat must not be answered either (it would be within the boards'
        // 100 ms flush otherwise).
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(repeat.IsCompleted);
        Assert.Equal(0, (await guide.GetView())!.Today.Orders);

        held.SetResult();
        await Task.WhenAll(first, repeat);
        var today = (await guide.GetView())!.Today;
        Assert.Equal((10_000, 1), (today.SalesAmount, today.Orders));
    }

    [Fact]
    public async Task Pk_WhosePointsLandedButWereReportedFailed_CountsTheRetriedReportOnce()
    {
        var shop = await Shop.Open(_grains);
        var (pk, pkId) = await CreatePk(shop, target: 1_000);
        var report = ImmutableArray.Create(Sale(shop.DirectGuide, 100));

        fixture.StorageFaults.LoseNextAppendAnswer($"pk/{pkId}");
        await Assert.ThrowsAsync<IOException>(() => pk.Apply(report));
        await pk.Apply(report);
        await pk.Apply([Sale(shop.DirectGuide, 50), .. report]);

        Assert.Equal([150, 0], (await pk.Get())!.Scores.Select(s => s.Score));
    }

    [Fact]
    public async Task Pk_WhoseTargetReachedWasNotSaved_MarksItAndRewardsTheGuide_OnItsNextActivation()
    {
        var shop = await Shop.Open(_grains);
        var (pk, _) = await CreatePk(shop, target: 100);
        var report = ImmutableArray.Create(Sale(shop.DirectGuide, 150));

        // The points are stored; the write that marks the target reached fails, so the PK deactivates.
        fixture.StorageFaults.FailNextWrite(pk.GetGrainId(), "pk");
        var failed = await Assert.ThrowsAsync<OrleansException>(() => pk.Apply(report));
        Assert.IsType<IOException>(failed.InnerException);
        await pk.Apply(report);

        var score = (await pk.Get())!.Scores[0];
        Assert.Equal((150, true), (score.Score, score.Reached));
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Coins > 0,
            cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Order_WhosePaymentWriteLandedButWasReportedFailed_IsPaidOnce_AndCanBeFulfilled()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2)));

        fixture.StorageFaults.LoseNextWriteAnswer(order.GetGrainId(), "order");
        var failed = await Assert.ThrowsAsync<OrleansException>(() => order.Pay(new PayOrder("pay-1", placed.Total)));
        Assert.IsType<IOException>(failed.InnerException);

        // The client retries the payment it saw fail; the order must know it is paid (storage says so) and go on.
        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));
        var fulfilled = await order.Fulfil(shop.DirectStore, null);

        Assert.Equal((OrderStatus.Paid, "pay-1"), (paid.Status, paid.Payment!.PaymentId));
        Assert.Equal(OrderStatus.Fulfilled, fulfilled.Status);
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.SalesAmount == placed.Total,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.Orders);
        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetInventory()).Reserved == 0, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2 * 10 - 2, (await shop.Pool(shop.Serum).GetInventory()).OnHand);
    }

    [Fact]
    public async Task Order_PaidInItsLastSeconds_WhoseStockConfirmationFailsAtFirst_KeepsItsStock()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2)) with { TtlSeconds = 4 });

        // The pool cannot record the confirmation the payment sends: it is retried after the order's 4 s are up.
        fixture.StorageFaults.FailNextAppend($"pool/{PoolKey.For(shop.Serum, shop.RegionId)}");
        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));

        Assert.Equal(OrderStatus.Paid, paid.Status);
        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetInventory()).OnHand == 18, TimeSpan.FromSeconds(30),
            TestContext.Current.CancellationToken);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((18L, 0L, 18L), (pool.OnHand, pool.Reserved, pool.Available));
    }

    [Fact]
    public async Task LiveRoom_WhoseHoldWriteFailed_ComesBackWithWhatItsSaleHasLeft_ItsHoldsAndItsPaidOrders()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var buyer = new Actor(shop.Member, "Chen Jing", Roles.Member);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        var paid = await room.Buy(buyer, "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        await shop.Order(paid.OrderId).Pay(new PayOrder("p-1", paid.Total));
        var held = await room.Buy(buyer, "s-1", Shop.NewId("o"), 1, 31.23, 121.47);
        await Eventually.True(async () => (await room.GetStats()).Gmv == paid.Total, cancellationToken: TestContext.Current.CancellationToken);

        // Nothing of this buy is stored; the room deactivates and must rebuild the sale from its stored holds.
        var retried = Shop.NewId("o");
        fixture.StorageFaults.FailNextAppend($"holds/{room.GetPrimaryKeyString()}");
        await Assert.ThrowsAsync<IOException>(() => room.Buy(buyer, "s-1", retried, 1, 31.23, 121.47));

        Assert.Equal(5 - 2 - 1, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        var stats = await room.GetStats();
        Assert.Equal((1, paid.Total), (stats.Orders, stats.Gmv));

        // The hold read back still resolves: cancelling its order returns its unit; the failed buy goes through on retry.
        await shop.Order(held.OrderId).Cancel();
        Assert.Equal(3, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        await room.Buy(buyer, "s-1", retried, 1, 31.23, 121.47);
        Assert.Equal(2, (await room.GetSnapshot()).FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task LiveRoom_BuyWhoseHoldLandedButWasReportedFailed_IsPlacedOnTheBuyersRetry_OnTheUnitsItHolds()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var buyer = new Actor(shop.Member, "Chen Jing", Roles.Member);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        var orderId = Shop.NewId("o");

        // The hold is stored but the buyer hears the buy failed, before any order was placed.
        fixture.StorageFaults.LoseNextAppendAnswer($"holds/{room.GetPrimaryKeyString()}");
        await Assert.ThrowsAsync<IOException>(() => room.Buy(buyer, "s-1", orderId, 2, 31.23, 121.47));
        Assert.Equal(1, (await room.GetSnapshot()).FlashSales.Single().Remaining);

        // Another member cannot take over the order id; the buyer's retry places the order on the held units.
        var other = Shop.NewId("m");
        await shop.NewMember(other);
        var taken = await Assert.ThrowsAsync<DomainException>(() => room.Buy(new Actor(other, "Other", Roles.Member), "s-1", orderId, 2, 31.23, 121.47));
        Assert.Equal(ErrorCodes.OrderConflict, taken.Code);
        var order = await room.Buy(buyer, "s-1", orderId, 2, 31.23, 121.47);

        Assert.Equal((OrderStatus.Reserved, 2 * 19_900L), (order.Status, order.Total));
        Assert.Equal(1, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        await shop.Order(orderId).Pay(new PayOrder("p-1", order.Total));
        await Eventually.True(async () => (await room.GetStats()).Orders == 1, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task LiveRoom_AnswersARepeatedConfirm_OnlyOnceTheFirstIsStored()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        var order = await room.Buy(new Actor(shop.Member, "Chen Jing", Roles.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);

        var owner = $"holds/{room.GetPrimaryKeyString()}";
        var held = fixture.StorageFaults.HoldNextAppend(owner);
        var first = room.ConfirmHold(order.OrderId);
        await fixture.StorageFaults.HeldAppendReached(owner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var repeat = room.ConfirmHold(order.OrderId);

        // The payment that receives the repeat's answer takes the units as sold: until they are stored, it must wait.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.False(repeat.IsCompleted);

        held.SetResult();
        await Task.WhenAll(first, repeat);
    }

    [Fact]
    public async Task Store_WhoseQueueWriteLandedButWasReportedFailed_QueuesTheLineOnce_AndNeverAgainOnceShipped()
    {
        var shop = await Shop.Open(_grains);
        var store = _grains.GetGrain<IStoreGrain>(shop.DirectStore);
        var line = new FulfilmentLine(Shop.NewId("r"), shop.Serum, 2, FulfilmentMode.Ship, Shop.NewId("o"), DateTimeOffset.UtcNow);

        // The line is stored, but the confirm that sent it hears it failed, and retries.
        fixture.StorageFaults.LoseNextAppendAnswer($"queue/{shop.DirectStore}");
        await Assert.ThrowsAsync<IOException>(() => store.EnqueueFulfilment(line));
        await store.EnqueueFulfilment(line);
        Assert.Equal(2, Assert.Single(Assert.Single(await store.GetFulfilmentQueue()).Lines).Quantity);

        // Shipped; a confirm repeated after that must not queue it again.
        await store.CompleteFulfilment(line.OrderId!);
        await store.EnqueueFulfilment(line);
        Assert.Empty(await store.GetFulfilmentQueue());
    }

    [Fact]
    public async Task Store_WhoseQueueWasStoredAsGrainState_MovesItsLinesToRows_OnItsNextActivation()
    {
        var storeId = Shop.NewId("store");
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        var line = new FulfilmentLine(Shop.NewId("r"), "sku-serum", 3, FulfilmentMode.Pickup, Shop.NewId("o"), DateTimeOffset.UtcNow);
        var storage = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var before = new GrainState<StoreQueueState>(new StoreQueueState { Lines = { [line.ReservationId] = line } });
        await storage.WriteStateAsync("store-queue", store.GetGrainId(), before);

        var queue = await store.GetFulfilmentQueue();

        Assert.Equal(line, Assert.Single(Assert.Single(queue).Lines));
        var after = new GrainState<StoreQueueState>();
        await storage.ReadStateAsync("store-queue", store.GetGrainId(), after);
        Assert.Empty(after.State?.Lines ?? []);
    }

    private async Task<(IPkGrain Pk, string PkId)> CreatePk(Shop shop, long target)
    {
        var pkId = Shop.NewId("pk");
        var pk = _grains.GetGrain<IPkGrain>(pkId);
        await pk.Create(new CreatePk("Evening sprint", PkMetric.Sales,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, target), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, target)],
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1)));
        return (pk, pkId);
    }

    private static ScoreEvent Sale(string guideId, long amount) =>
        new(Shop.NewId("sale"), ScoreEventKind.PaidOrder, guideId, "", amount, DateTimeOffset.UtcNow);
}
