using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using Xunit.Sdk;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>
/// Long seeded random runs of a live room's flash sale — buys alone, retried and at once, payments (some sent again),
/// cancels, time passing so unpaid orders lapse, the room, the pool and orders leaving memory, a hold write that fails or
/// whose answer is lost, a payment whose answer is lost — checked after every
/// step against a model: what each buy and payment must be answered, what the sale has left, what the region's pool
/// holds and has sold, the room's GMV, each buyer's paid spend, and the paid orders' units in the stores' fulfilment
/// queues. At the end the room ends and its unsold and lapsed units must all be back in the region, each paid unit sold
/// once. Where the rules leave a moment open (an unpaid order in the second after
/// its time, before the silo's expiry check has run), the model allows both.
/// </summary>
public abstract class FlashSaleModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;
    private const int SaleQuantity = 12;
    private const long SalePrice = 19_900;
    private const long StockInRegion = 20;

    private static readonly TimeSpan BuyTtl = TimeSpan.FromMinutes(5);

    /// <summary>Payments close this long before an order's time (<c>Orders:PaymentCutoff</c>).</summary>
    private static readonly TimeSpan PaymentCutoff = new PrivateDomain.Realtime.Grains.Orders.OrderOptions().PaymentCutoff;

    /// <summary>An unpaid order's expiry is recorded within a second of its time (<c>OrderExpiries.CheckInterval</c>); this is the margin.</summary>
    private static readonly TimeSpan ExpiryRecordedWithin = PrivateDomain.Realtime.Grains.Orders.OrderExpiries.CheckInterval * 2;


    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each, then the end checks.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await SaleRun.Open(fixture.Grains);

        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertSale(run));

        // The room ends: what is free goes back at once, what unpaid orders hold when they lapse.
        await run.Room.End(run.Host);
        SeededRuns.LetTimePass(fixture.Clock, TimeSpan.FromMinutes(8));
        var sold = run.Orders.Values.Where(o => o.Status == OrderStatus.Paid).Sum(o => o.Quantity);
        await SeededRuns.Until(() => PoolShows(run, onHand: StockInRegion - sold, reserved: 0), () => $"the pool does not have every unit but the {sold} sold back");
        Assert.Equal(StockInRegion - sold, (await run.Pool.GetInventory()).Available);
        Assert.Equal(FlashSaleStatus.Ended, (await run.Room.GetSnapshot()).FlashSales.Single().Status);
        await Inventory.LedgerReconciliation.AssertReconciles(run.Pool);
    }

    private async Task<string> Step(SaleRun run, Random random)
    {
        return random.Next(100) switch
        {
            < 30 => await Buy(run, random),
            < 36 => await RetryABuy(run, random),
            < 42 => await BuyAtOnce(run, random),
            < 62 => await Pay(run, random),
            < 68 => await CancelAnOrder(run, random),
            < 84 => Advance(random),
            < 87 => await Restart(run.Room, "the room"),
            < 90 => await Restart(run.Pool, "the pool"),
            < 94 => await BuyThroughAFailedWrite(run, random),
            < 97 => await PayThroughALostAnswer(run, random),
            _ => run.Orders.Count == 0 ? "no order to restart" : await Restart(run.Order(run.Orders.Keys.ElementAt(random.Next(run.Orders.Count))), "an order"),
        };
    }

    private async Task<string> Buy(SaleRun run, Random random)
    {
        var (buyer, orderId, quantity) = (run.RandomBuyer(random), Shop.NewId("o"), random.Next(1, 4));
        var (lo, hi) = run.Remaining(fixture.Clock.GetUtcNow());
        var (order, refused) = await SeededRuns.Attempt(() => run.Room.Buy(buyer, "s-1", orderId, quantity, 31.23, 121.47));
        if (quantity <= lo || quantity > hi)
        {
            Assert.Equal(quantity <= lo ? null : ErrorCodes.SoldOut, refused);
        }

        run.Took(buyer, orderId, quantity, order, refused, fixture.Clock.GetUtcNow());
        return $"{buyer.UserId} buys {quantity} of {lo}–{hi} left: {refused ?? "held"}";
    }

    /// <summary>
    /// A buy sent again (its answer lost): the same order, and no more units. Within the hour the room remembers a settled
    /// hold (<see cref="SaleHolds.RememberSettledFor"/>); later the order id is taken for a new buy.
    /// </summary>
    private async Task<string> RetryABuy(SaleRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var remembered = run.Orders.Values.Where(o => now < o.ExpiresAt + SaleHolds.RememberSettledFor).ToList();
        if (remembered.Count == 0)
        {
            return "no buy to retry";
        }

        var earlier = remembered[random.Next(remembered.Count)];
        var (order, refused) = await SeededRuns.Attempt(() => run.Room.Buy(earlier.Buyer, "s-1", earlier.OrderId, earlier.Quantity, 31.23, 121.47));
        Assert.Null(refused);
        Assert.Equal((earlier.OrderId, earlier.Total), (order!.OrderId, order.Total));
        if (earlier.Status is OrderStatus.Paid or OrderStatus.Cancelled)
        {
            Assert.Equal(earlier.Status, order.Status);
        }

        return $"retry {earlier.OrderId} ({earlier.Status})";
    }

    /// <summary>Buyers at once: together they never take more than was left, and a refused buyer asked for more than remains.</summary>
    private async Task<string> BuyAtOnce(SaleRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var (lo, hi) = run.Remaining(now);
        var buys = Enumerable.Range(0, 6).Select(_ => (Buyer: run.RandomBuyer(random), OrderId: Shop.NewId("o"), Quantity: random.Next(1, 4))).ToList();
        var answers = await Task.WhenAll(buys.Select(b => SeededRuns.Attempt(() => run.Room.Buy(b.Buyer, "s-1", b.OrderId, b.Quantity, 31.23, 121.47))));
        foreach (var (buy, (order, refused)) in buys.Zip(answers))
        {
            Assert.True(refused is null or ErrorCodes.SoldOut, refused);
            run.Took(buy.Buyer, buy.OrderId, buy.Quantity, order, refused, now);
        }

        var taken = buys.Zip(answers).Where(a => a.Second.Refused is null).Sum(a => a.First.Quantity);
        Assert.True(taken <= hi, $"{taken} units taken at once with at most {hi} left");

        // While they ran the sale had at least what is left now at the least (lapses only give units back).
        var (leftLo, _) = run.Remaining(now);
        Assert.All(buys.Zip(answers).Where(a => a.Second.Refused is not null), a => Assert.True(a.First.Quantity > leftLo,
            $"a buy of {a.First.Quantity} refused while at least {leftLo} were left"));
        return $"{buys.Count} buy at once with {lo}–{hi} left: {taken} units taken";
    }

    private async Task<string> Pay(SaleRun run, Random random)
    {
        if (run.Orders.Count == 0)
        {
            return "no order to pay";
        }

        var order = run.Orders.Values.ElementAt(random.Next(run.Orders.Count));
        var now = fixture.Clock.GetUtcNow();

        // Now and then a payment sent again, or a second payment of a paid order.
        var paymentId = order.PaymentId is { } paid && random.Next(3) > 0 ? paid : Shop.NewId("p");
        var (answer, refused) = await SeededRuns.Attempt(() => run.Order(order.OrderId).Pay(new PayOrder(paymentId, order.Total)));
        var expected = order.Status switch
        {
            OrderStatus.Paid => paymentId == order.PaymentId ? null : ErrorCodes.OrderAlreadyPaid,
            OrderStatus.Cancelled => ErrorCodes.OrderCancelled,
            _ => now < order.ExpiresAt - PaymentCutoff ? null : ErrorCodes.OrderExpired,
        };
        Assert.Equal(expected, refused);
        if (refused is null)
        {
            Assert.Equal(OrderStatus.Paid, answer!.Status);
            order.Status = OrderStatus.Paid;
            order.PaymentId = paymentId;
        }

        return $"pay {order.OrderId} ({order.Quantity}, {(order.ExpiresAt - now).TotalSeconds:0} s left): {refused ?? "paid"}";
    }

    private async Task<string> CancelAnOrder(SaleRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var open = run.Orders.Values.Where(o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff).ToList();
        if (open.Count == 0)
        {
            return "no order to cancel";
        }

        var order = open[random.Next(open.Count)];
        var (answer, refused) = await SeededRuns.Attempt(() => run.Order(order.OrderId).Cancel());
        Assert.Null(refused);
        Assert.Equal(OrderStatus.Cancelled, answer!.Status);
        order.Status = OrderStatus.Cancelled;
        return $"cancel {order.OrderId} ({order.Quantity})";
    }

    /// <summary>
    /// The room's write of a new hold fails, or lands with its answer lost; the room rebuilds from storage, and the buyer's
    /// retry gets one order on one hold: taken afresh after a failure, placed on the stored hold after a lost answer.
    /// </summary>
    private async Task<string> BuyThroughAFailedWrite(SaleRun run, Random random)
    {
        var (buyer, orderId, quantity) = (run.RandomBuyer(random), Shop.NewId("o"), random.Next(1, 4));
        var now = fixture.Clock.GetUtcNow();
        var (lo, hi) = run.Remaining(now);
        if (quantity > lo)
        {
            return "too little left to buy through a failed write";
        }

        if (lo != hi)
        {
            // An order's lapse may still be on its way to the room, and its release would share the failing write.
            return "a lapse on its way: no failed write now";
        }

        // The releases of orders that lapsed are in the room's memory, but may still be on their way to storage. A release
        // in the failing write would be undone with it, and given back only at its order's next expiry check, which on
        // this clock comes when the run next moves time. A release of an order the room never held changes nothing, and
        // answers once every hold change so far is stored: after it, the failing write is this buy's alone.
        await run.Room.ReleaseHold(Shop.NewId("never-held"));
        var holds = $"holds/{run.Room.GetPrimaryKeyString()}";
        var answerLost = random.Next(2) == 0;
        fixture.StorageFaults.BreakNextAppend(holds, answerLost);

        var first = await Record.ExceptionAsync(() => run.Room.Buy(buyer, "s-1", orderId, quantity, 31.23, 121.47));
        var (order, refused) = await SeededRuns.Attempt(() => run.Room.Buy(buyer, "s-1", orderId, quantity, 31.23, 121.47));

        Assert.IsType<IOException>(first);
        Assert.False(fixture.StorageFaults.AppendFaultPending(holds));
        run.Took(buyer, orderId, quantity, order, refused, now);
        Assert.Null(refused);
        return $"{buyer.UserId} buys {quantity} through a hold write {(answerLost ? "whose answer was lost" : "that failed")}";
    }

    /// <summary>A payment stored with its answer lost, paid again: paid once, its units sold once, its GMV counted once.</summary>
    private async Task<string> PayThroughALostAnswer(SaleRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var payable = run.Orders.Values.Where(o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff).ToList();
        if (payable.Count == 0)
        {
            return "no order to pay through a lost answer";
        }

        var order = payable[random.Next(payable.Count)];
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        var grain = run.Order(order.OrderId);
        fixture.StorageFaults.LoseNextWriteAnswer(grain.GetGrainId(), "order");
        var first = await Record.ExceptionAsync(() => grain.Pay(payment));
        var (paid, refused) = await SeededRuns.Attempt(() => grain.Pay(payment));

        Assert.NotNull(first);
        Assert.False(fixture.StorageFaults.AnswerLossPending(grain.GetGrainId(), "order"));
        Assert.Null(refused);
        Assert.Equal(OrderStatus.Paid, paid!.Status);
        order.Status = OrderStatus.Paid;
        order.PaymentId = payment.PaymentId;
        return $"pay {order.OrderId} ({order.Quantity}) through a lost answer";
    }

    /// <summary>Seconds pass, or more than an order's time. Never whole seconds, so no order is ever exactly at its time when looked at.</summary>
    private string Advance(Random random)
    {
        var by = random.Next(8) == 0 ? TimeSpan.FromMinutes(6) : TimeSpan.FromSeconds(random.Next(0, 90));
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by.TotalSeconds:0} s pass";
    }

    private async Task<string> Restart(IGrain grain, string what)
    {
        try
        {
            await Activations.Deactivate(fixture.Grains, grain);
        }
        catch (TimeoutException)
        {
            throw new XunitException($"{what} ({grain.GetGrainId()}) did not leave memory");
        }

        return $"restart {what}";
    }

    /// <summary>
    /// The sale has what the model says is left (once lapses due have been recorded); the pool has sold each paid unit
    /// once and holds the rest of the sale's units; the room's GMV is what was paid, and so is each buyer's paid spend.
    /// </summary>
    private async Task AssertSale(SaleRun run)
    {
        var (lo, hi) = run.Remaining(fixture.Clock.GetUtcNow());
        var sold = run.Orders.Values.Where(o => o.Status == OrderStatus.Paid).ToList();
        var unitsSold = sold.Sum(o => o.Quantity);
        var remaining = -1;
        await SeededRuns.Until(async () => (remaining = (await run.Room.GetSnapshot()).FlashSales.Single().Remaining) >= lo && remaining <= hi,
            () => $"the sale has {remaining} left, not {lo}–{hi}");
        await SeededRuns.Until(() => PoolShows(run, onHand: StockInRegion - unitsSold, reserved: SaleQuantity - unitsSold),
            () => $"the pool does not show {unitsSold} sold and {SaleQuantity - unitsSold} held for the sale");
        var gmv = -1L;
        await SeededRuns.Until(async () => (gmv = (await run.Room.GetStats()).Gmv) == sold.Sum(o => o.Total), () => $"the room's GMV is {gmv}, not the {sold.Sum(o => o.Total)} paid");
        foreach (var buyer in run.Buyers)
        {
            var spent = sold.Where(o => o.Buyer == buyer).Sum(o => o.Total);
            await SeededRuns.Until(
                async () => (await run.Shop.Grains.GetGrain<IMemberGrain>(buyer.UserId).GetProfile())!.PaidSpend,
                paidSpend => paidSpend == spent,
                paidSpend => $"{buyer.UserId} has paid spend {paidSpend}, not the {spent} their paid orders cost");
        }

        // The stores that ship a paid order's units queue them once (the pool does, as the payment confirms them); an
        // unpaid order's units are queued nowhere.
        var expected = sold.Select(o => $"{o.OrderId}: {o.Quantity}").Order(StringComparer.Ordinal).ToList();
        await SeededRuns.Until(
            async () =>
            {
                var queues = await Task.WhenAll(new[] { run.Shop.DirectStore, run.Shop.FranchiseStore }.Select(s => run.Shop.Grains.GetGrain<IStoreGrain>(s).GetFulfilmentQueue()));
                return queues.SelectMany(queue => queue).SelectMany(f => f.Lines)
                    .Where(l => l.OrderId is { } id && run.Orders.ContainsKey(id))
                    .GroupBy(l => l.OrderId!)
                    .Select(order => $"{order.Key}: {order.Sum(l => l.Quantity)}")
                    .Order(StringComparer.Ordinal)
                    .ToList();
            },
            queued => queued.SequenceEqual(expected),
            queued => $"the stores' queues hold [{string.Join(", ", queued)}]; the paid orders are [{string.Join(", ", expected)}]");
    }

    private static async Task<bool> PoolShows(SaleRun run, long onHand, long reserved)
    {
        var inventory = await run.Pool.GetInventory();
        return inventory.OnHand == onHand && inventory.Reserved == reserved;
    }
    private sealed class OrderInModel(Actor buyer, string orderId, int quantity, long total, DateTimeOffset expiresAt)
    {
        public Actor Buyer { get; } = buyer;

        public string OrderId { get; } = orderId;

        public int Quantity { get; } = quantity;

        public long Total { get; } = total;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        /// <summary>Reserved until paid or cancelled here; lapsing is read from the time (<see cref="SaleRun.Remaining"/>).</summary>
        public OrderStatus Status { get; set; } = OrderStatus.Reserved;

        public string? PaymentId { get; set; }
    }

    private sealed class SaleRun
    {
        private SaleRun(Shop shop, ILiveRoomGrain room, Actor host)
        {
            Shop = shop;
            Room = room;
            Host = host;
        }

        public Shop Shop { get; }

        public ILiveRoomGrain Room { get; }

        public Actor Host { get; }

        public IInventoryPoolGrain Pool => Shop.Pool(Shop.Serum);

        public Dictionary<string, OrderInModel> Orders { get; } = [];

        public static async Task<SaleRun> Open(IGrainFactory grains)
        {
            var (shop, room, host) = await Shop.OpenWithLiveRoom(grains);
            var run = new SaleRun(shop, room, host);
            for (var i = 0; i < 5; i++)
            {
                var buyer = Shop.NewId("m");
                await shop.NewMember(buyer, guideId: shop.DirectGuide);
                run.Buyers.Add(new Actor(buyer, $"Buyer {i}", Roles.Member));
            }

            await room.StartFlashSale(host, "s-1", shop.Serum, SalePrice, SaleQuantity);
            return run;
        }

        public IOrderGrain Order(string orderId) => Shop.Order(orderId);

        public List<Actor> Buyers { get; } = [];

        public Actor RandomBuyer(Random random) => Buyers[random.Next(Buyers.Count)];

        /// <summary>
        /// What the sale has left, as a range: units of unpaid orders past their time whose lapse may not have been
        /// recorded yet (within <see cref="ExpiryRecordedWithin"/>) may still be held.
        /// </summary>
        public (int Lo, int Hi) Remaining(DateTimeOffset now)
        {
            var sold = Orders.Values.Where(o => o.Status == OrderStatus.Paid).Sum(o => o.Quantity);
            var unpaid = Orders.Values.Where(o => o.Status == OrderStatus.Reserved).ToList();
            var held = unpaid.Where(o => now < o.ExpiresAt).Sum(o => o.Quantity);
            var maybeHeld = unpaid.Where(o => o.ExpiresAt <= now && now < o.ExpiresAt + ExpiryRecordedWithin).Sum(o => o.Quantity);
            return (SaleQuantity - sold - held - maybeHeld, SaleQuantity - sold - held);
        }

        /// <summary>Takes a buy's answer into the model: a new order that holds units, or a refusal that holds none.</summary>
        public void Took(Actor buyer, string orderId, int quantity, Order? order, string? refused, DateTimeOffset now)
        {
            if (refused is not null)
            {
                Assert.Equal(ErrorCodes.SoldOut, refused);
                return;
            }

            Assert.Equal((OrderStatus.Reserved, SalePrice * quantity, now + BuyTtl), (order!.Status, order.Total, order.ExpiresAt));
            Orders[orderId] = new OrderInModel(buyer, orderId, quantity, order.Total, order.ExpiresAt);
        }
    }
}
