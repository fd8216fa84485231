using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;
using Xunit.Sdk;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>
/// Long seeded random runs of members' orders of two SKUs — placed (some retried, some through a failed write or a
/// write whose answer was lost, of the order or of the member's list), paid (some paid again, some through a lost answer, some with the member's credit
/// failing or its answer lost), cancelled, fulfilled by their stores, left unpaid to lapse, orders, pools and members
/// leaving memory — checked after every step against a model: what each call must be answered, that each region pool
/// has sold exactly the paid units and holds no more than the unpaid orders still within their time, that each store's
/// fulfilment queue holds the paid units it has yet to hand over, and that each member's paid spend, points and tier
/// are what their paid orders make them (each payment counted once), and that each member's list holds every order they
/// placed, once, newest first. At the end every order reads as the model has it
/// and nothing unpaid is held.
/// </summary>
public abstract class OrderModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;
    private const long StockPerSku = 20;

    /// <summary>Payments close this long before an order's time (<c>Orders:PaymentCutoff</c>).</summary>
    private static readonly TimeSpan PaymentCutoff = new PrivateDomain.Realtime.Grains.Orders.OrderOptions().PaymentCutoff;

    /// <summary>An unpaid order's expiry is recorded within a second of its time (<c>OrderExpiries.CheckInterval</c>); this is the margin.</summary>
    private static readonly TimeSpan ExpiryRecordedWithin = PrivateDomain.Realtime.Grains.Orders.OrderExpiries.CheckInterval * 2;

    private static readonly PrivateDomain.Realtime.Grains.Members.MemberOptions MemberTiers = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each, then the end checks.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await OrderRun.Open(fixture.Grains);

        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertBooks(run));

        SeededRuns.LetTimePass(fixture.Clock, TimeSpan.FromMinutes(20));
        await AssertBooks(run);
        foreach (var order in run.Orders.Values)
        {
            var stored = await run.Shop.Order(order.OrderId).Get();
            Assert.Equal(order.Status == OrderStatus.Reserved ? OrderStatus.Expired : order.Status, stored!.Status);
        }

        foreach (var sku in run.Skus)
        {
            await Inventory.LedgerReconciliation.AssertReconciles(run.Shop.Pool(sku));
        }
    }

    private async Task<string> Step(OrderRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        return random.Next(100) switch
        {
            < 26 => await Place(run, random, now),
            < 31 => await RetryAPlace(run, random),
            < 47 => await Pay(run, random, now),
            < 53 => await CancelAnOrder(run, random, now),
            < 61 => await Fulfil(run, random),
            < 78 => Advance(random),
            < 82 => await PlaceThroughAFailedWrite(run, random, now),
            < 86 => await PayThroughALostAnswer(run, random, now),
            < 90 => await PayThroughABrokenCredit(run, random, now),
            < 93 => await Restart(run.Shop.Pool(run.Skus[random.Next(run.Skus.Length)]), "a pool"),
            < 97 => run.Orders.Count == 0 ? "no order to restart" : await Restart(run.Shop.Order(run.Orders.Keys.ElementAt(random.Next(run.Orders.Count))), "an order"),
            _ => await Restart(run.Shop.Grains.GetGrain<IMemberGrain>(run.Members[random.Next(run.Members.Count)]), "a member"),
        };
    }

    private async Task<string> Place(OrderRun run, Random random, DateTimeOffset now)
    {
        var request = run.NewOrder(random);
        var orderId = Shop.NewId("o");
        var (order, refused) = await SeededRuns.Attempt(() => run.Shop.Order(orderId).Place(request));
        var fits = request.Lines.Select(l => run.Free(l.Sku, now)).ToList();
        if (request.Lines.Zip(fits).All(l => l.First.Quantity <= l.Second.Lo))
        {
            Assert.Null(refused);
        }
        else if (request.Lines.Zip(fits).Any(l => l.First.Quantity > l.Second.Hi))
        {
            Assert.Equal(ErrorCodes.InsufficientStock, refused);
        }

        run.Placed(orderId, request, order, refused, now);
        return $"place {Describe(request)}: {refused ?? "reserved"}";
    }

    /// <summary>A place sent again (its answer lost): the same order, holding the same units.</summary>
    private async Task<string> RetryAPlace(OrderRun run, Random random)
    {
        if (run.Orders.Count == 0)
        {
            return "no order to place again";
        }

        var earlier = run.Orders.Values.ElementAt(random.Next(run.Orders.Count));
        var (order, refused) = await SeededRuns.Attempt(() => run.Shop.Order(earlier.OrderId).Place(earlier.Request));
        Assert.Null(refused);
        Assert.Equal((earlier.OrderId, earlier.Total), (order!.OrderId, order.Total));
        if (earlier.Status != OrderStatus.Reserved)
        {
            Assert.Equal(earlier.Status, order.Status);
        }

        return $"place {earlier.OrderId} again ({earlier.Status})";
    }

    private async Task<string> Pay(OrderRun run, Random random, DateTimeOffset now)
    {
        if (run.Orders.Count == 0)
        {
            return "no order to pay";
        }

        var order = run.Orders.Values.ElementAt(random.Next(run.Orders.Count));
        var paymentId = order.PaymentId is { } paid && random.Next(3) > 0 ? paid : Shop.NewId("p");
        var (answer, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Pay(new PayOrder(paymentId, order.Total)));
        var expected = order.Status switch
        {
            OrderStatus.Paid or OrderStatus.Fulfilled => paymentId == order.PaymentId ? null : ErrorCodes.OrderAlreadyPaid,
            OrderStatus.Cancelled => ErrorCodes.OrderCancelled,
            _ => now < order.ExpiresAt - PaymentCutoff ? null : ErrorCodes.OrderExpired,
        };
        Assert.Equal(expected, refused);
        if (refused is null && order.Status == OrderStatus.Reserved)
        {
            Assert.Equal(OrderStatus.Paid, answer!.Status);
            order.Status = OrderStatus.Paid;
            order.PaymentId = paymentId;
        }

        return $"pay {order.OrderId} ({(order.ExpiresAt - now).TotalSeconds:0} s left): {refused ?? "paid"}";
    }

    private async Task<string> CancelAnOrder(OrderRun run, Random random, DateTimeOffset now)
    {
        // Unpaid within its time, or paid (refused), or cancelled before (the same answer).
        var candidates = run.Orders.Values.Where(o => o.Status != OrderStatus.Reserved || now < o.ExpiresAt - PaymentCutoff).ToList();
        if (candidates.Count == 0)
        {
            return "no order to cancel";
        }

        var order = candidates[random.Next(candidates.Count)];
        var before = order.Status;
        var (answer, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Cancel());
        Assert.Equal(order.Status is OrderStatus.Paid or OrderStatus.Fulfilled ? ErrorCodes.OrderPaid : null, refused);
        if (refused is null)
        {
            Assert.Equal(OrderStatus.Cancelled, answer!.Status);
            order.Status = OrderStatus.Cancelled;
        }

        return $"cancel {order.OrderId} ({before}): {refused ?? "cancelled"}";
    }

    /// <summary>A store that ships part of a paid order hands it over; the order is fulfilled once every such store has.</summary>
    private async Task<string> Fulfil(OrderRun run, Random random)
    {
        var paid = run.Orders.Values.Where(o => o.Status is OrderStatus.Paid or OrderStatus.Fulfilled).ToList();
        if (paid.Count == 0)
        {
            return "no order to fulfil";
        }

        var order = paid[random.Next(paid.Count)];
        var storeId = order.Stores[random.Next(order.Stores.Length)];
        var (answer, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Fulfil(storeId, null), retryUnavailable: true);
        Assert.Null(refused);
        order.FulfilledBy.Add(storeId);
        var expected = order.FulfilledBy.Count == order.Stores.Length ? OrderStatus.Fulfilled : OrderStatus.Paid;
        Assert.Equal(expected, answer!.Status);
        order.Status = expected;
        return $"{storeId} fulfils {order.OrderId}: {expected}";
    }

    /// <summary>Seconds pass, or more than an order's time. Never whole seconds, so no order is exactly at its time when looked at.</summary>
    private string Advance(Random random)
    {
        var by = random.Next(8) == 0 ? TimeSpan.FromMinutes(6) : TimeSpan.FromSeconds(random.Next(0, 90));
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by.TotalSeconds:0} s pass";
    }

    /// <summary>
    /// The order's write fails after its stock was reserved, or lands with its answer lost; the member's retry gets one
    /// order, on the same reservations (each is the order's id and line), so nothing is held twice.
    /// </summary>
    private async Task<string> PlaceThroughAFailedWrite(OrderRun run, Random random, DateTimeOffset now)
    {
        var request = run.NewOrder(random);
        if (request.Lines.Any(l => l.Quantity > run.Free(l.Sku, now).Lo))
        {
            return "too little stock to place through a failed write";
        }

        var grain = run.Shop.Order(Shop.NewId("o"));
        var answerLost = random.Next(2) == 0;
        var list = random.Next(3) == 0 ? $"orders/{request.MemberId}" : null;
        if (list is null)
        {
            fixture.StorageFaults.BreakNextWrite(grain.GetGrainId(), "order", answerLost);
        }
        else
        {
            fixture.StorageFaults.BreakNextAppend(list, answerLost);
        }

        var first = await Record.ExceptionAsync(() => grain.Place(request));
        var (order, refused) = await SeededRuns.Attempt(() => grain.Place(request));

        Assert.Contains("Injected failure", first?.ToString());
        Assert.False(list is null
            ? fixture.StorageFaults.WriteFailurePending(grain.GetGrainId(), "order") || fixture.StorageFaults.AnswerLossPending(grain.GetGrainId(), "order")
            : fixture.StorageFaults.AppendFaultPending(list));
        Assert.Null(refused);
        run.Placed(grain.GetPrimaryKeyString(), request, order, refused, now);
        return $"place {Describe(request)} through {(list is null ? "a write" : "a write to the member's list")} {(answerLost ? "whose answer was lost" : "that failed")}";
    }

    /// <summary>A payment stored with its answer lost, paid again: paid once, its units sold once.</summary>
    private async Task<string> PayThroughALostAnswer(OrderRun run, Random random, DateTimeOffset now)
    {
        var payable = run.Orders.Values.Where(o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff).ToList();
        if (payable.Count == 0)
        {
            return "no order to pay through a lost answer";
        }

        var order = payable[random.Next(payable.Count)];
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        var grain = run.Shop.Order(order.OrderId);
        fixture.StorageFaults.LoseNextWriteAnswer(grain.GetGrainId(), "order");
        var first = await Record.ExceptionAsync(() => grain.Pay(payment));
        var (paid, refused) = await SeededRuns.Attempt(() => grain.Pay(payment));

        Assert.Contains("Injected failure", first?.ToString());
        Assert.Null(refused);
        Assert.Equal(OrderStatus.Paid, paid!.Status);
        order.Status = OrderStatus.Paid;
        order.PaymentId = payment.PaymentId;
        return $"pay {order.OrderId} through a lost answer";
    }

    /// <summary>
    /// A payment whose credit to the member fails to store, or stores with its answer lost: the order is paid all the
    /// same, the member is credited when the order's outbox tries again (a failed write stored nothing; a lost answer's
    /// write is already there, and the retry must not add it twice).
    /// </summary>
    private async Task<string> PayThroughABrokenCredit(OrderRun run, Random random, DateTimeOffset now)
    {
        var payable = run.Orders.Values.Where(o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff).ToList();
        if (payable.Count == 0)
        {
            return "no order to pay through a broken credit";
        }

        var order = payable[random.Next(payable.Count)];
        var member = run.Shop.Grains.GetGrain<IMemberGrain>(order.MemberId);
        var answerLost = random.Next(2) == 0;
        var before = (await member.GetProfile())!.PaidSpend;
        fixture.StorageFaults.BreakNextWrite(member.GetGrainId(), "member", answerLost);

        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        var (paid, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Pay(payment));

        Assert.Null(refused);
        Assert.Equal(OrderStatus.Paid, paid!.Status);
        Assert.False(fixture.StorageFaults.WriteFailurePending(member.GetGrainId(), "member") || fixture.StorageFaults.AnswerLossPending(member.GetGrainId(), "member"));
        order.Status = OrderStatus.Paid;
        order.PaymentId = payment.PaymentId;

        // Before the retry, the member reads what storage holds: the purchase if the write landed, nothing if it failed.
        var (profile, _) = await SeededRuns.Attempt(() => member.GetProfile(), retryUnavailable: true);
        Assert.Equal(before + (answerLost ? order.Total : 0), profile!.PaidSpend);
        SeededRuns.LetTimePass(fixture.Clock, SeededRuns.OutboxRetry);
        return $"pay {order.OrderId} with the member's credit {(answerLost ? "stored, its answer lost" : "failing")}, then {SeededRuns.OutboxRetry.TotalSeconds:0} s pass";
    }

    private async Task<string> Restart(IGrain grain, string what)
    {
        await Activations.Deactivate(fixture.Grains, grain);
        return $"restart {what}";
    }

    private async Task AssertBooks(OrderRun run)
    {
        await AssertPools(run);
        await AssertQueues(run);
        await AssertMembers(run);
        await AssertOrderLists(run);
    }

    /// <summary>
    /// Each member's list holds every order they placed, once, newest first (equal times by id), and nothing refused:
    /// also an order placed through a failed write, of the order or of the list, once its retry was answered.
    /// </summary>
    private static async Task AssertOrderLists(OrderRun run)
    {
        foreach (var memberId in run.Members)
        {
            var expected = run.Orders.Values
                .Where(o => o.MemberId == memberId)
                .OrderByDescending(o => o.PlacedAt)
                .ThenByDescending(o => o.OrderId, StringComparer.Ordinal)
                .Select(o => o.OrderId)
                .ToList();
            var listed = new List<string>();
            string? before = null;
            do
            {
                var page = (await run.Shop.Grains.GetGrain<IMemberOrdersGrain>(memberId).List(liveRoomId: null, before, MemberOrderPage.MaxTake))!;
                listed.AddRange(page.Orders.Select(o => o.OrderId));
                before = page.Next;
            }
            while (before is not null);

            Assert.True(listed.SequenceEqual(expected), $"member {memberId} lists [{string.Join(", ", listed)}]; expected [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>
    /// Each member's paid spend is the total of their paid orders, their points a point per whole yuan of each, and
    /// their tier the one that spend reaches: every payment credited once, however its delivery went.
    /// </summary>
    private static async Task AssertMembers(OrderRun run)
    {
        foreach (var memberId in run.Members)
        {
            var paid = run.Orders.Values.Where(o => o.MemberId == memberId && o.Status is OrderStatus.Paid or OrderStatus.Fulfilled).ToList();
            var spend = paid.Sum(o => o.Total);
            var expected = (spend, paid.Sum(o => o.Total / 100),
                spend >= MemberTiers.HeadTierSpend ? MemberTier.Head : spend >= MemberTiers.WaistTierSpend ? MemberTier.Waist : MemberTier.Ordinary);
            await SeededRuns.Until(
                async () => (await run.Shop.Grains.GetGrain<IMemberGrain>(memberId).GetProfile())!,
                m => (m.PaidSpend, m.Points, m.Tier) == expected,
                m => $"member {memberId} has spent {m.PaidSpend} with {m.Points} points ({m.Tier}); {paid.Count} paid order(s) make it {expected}");
        }
    }

    /// <summary>
    /// Each store's fulfilment queue holds the units it ships of every paid order it has not handed over yet, once, and
    /// nothing of an order unpaid, cancelled or lapsed (the pool queues them when the payment confirms them; the order
    /// takes them out, through its outbox, when the store hands them over).
    /// </summary>
    private static async Task AssertQueues(OrderRun run)
    {
        foreach (var storeId in new[] { run.Shop.DirectStore, run.Shop.FranchiseStore })
        {
            var expected = run.Orders.Values
                .Where(o => o.Status is OrderStatus.Paid or OrderStatus.Fulfilled && !o.FulfilledBy.Contains(storeId))
                .SelectMany(o => o.Allocations.Where(u => u.StoreId == storeId).Select(u => $"{o.OrderId}: {u.Quantity} {u.Sku}"))
                .Order(StringComparer.Ordinal)
                .ToList();
            await SeededRuns.Until(
                async () => (await run.Shop.Grains.GetGrain<IStoreGrain>(storeId).GetFulfilmentQueue())
                    .Where(f => f.OrderId is { } id && run.Orders.ContainsKey(id))
                    .SelectMany(f => f.Lines.Select(l => $"{f.OrderId}: {l.Quantity} {l.Sku}"))
                    .Order(StringComparer.Ordinal)
                    .ToList(),
                waiting => waiting.SequenceEqual(expected),
                waiting => $"{storeId}'s queue holds [{string.Join(", ", waiting)}]; expected [{string.Join(", ", expected)}]");
        }
    }

    /// <summary>Each pool has sold exactly the paid units, and holds what the unpaid orders within their time hold.</summary>
    private async Task AssertPools(OrderRun run)
    {
        var now = fixture.Clock.GetUtcNow();
        foreach (var sku in run.Skus)
        {
            var sold = run.Units(sku, o => o.Status is OrderStatus.Paid or OrderStatus.Fulfilled);
            var (heldLo, heldHi) = run.Held(sku, now);
            var seen = "";
            try
            {
                await Eventually.True(async () =>
                {
                    var pool = await run.Shop.Pool(sku).GetInventory();
                    seen = $"{pool.OnHand} on hand, {pool.Reserved} reserved";
                    return pool.OnHand == StockPerSku - sold && pool.Reserved >= heldLo && pool.Reserved <= heldHi;
                }, cancellationToken: Cancel);
            }
            catch (TimeoutException)
            {
                throw new XunitException($"The pool of {sku} has {seen}; expected {StockPerSku - sold} on hand and {heldLo}–{heldHi} reserved.");
            }
        }
    }

    private static string Describe(PlaceOrder request) => string.Join(" + ", request.Lines.Select(l => $"{l.Quantity} {l.Sku[..5]}"));
    private sealed class OrderInModel(string orderId, PlaceOrder request, Order order)
    {
        public string OrderId { get; } = orderId;

        public PlaceOrder Request { get; } = request;

        public string MemberId => Request.MemberId;

        public long Total { get; } = order.Total;

        public DateTimeOffset PlacedAt { get; } = order.CreatedAt;

        public DateTimeOffset ExpiresAt { get; } = order.ExpiresAt;

        /// <summary>The stores that ship its goods, each to hand its part over.</summary>
        public ImmutableArray<string> Stores { get; } = [.. order.Lines.SelectMany(l => l.Allocations).Select(a => a.StoreId).Distinct()];

        /// <summary>Where each line's units come from: a store ships them once the order is paid.</summary>
        public ImmutableArray<(string Sku, string StoreId, int Quantity)> Allocations { get; } =
            [.. order.Lines.SelectMany(l => l.Allocations.Select(a => (l.Sku, a.StoreId, a.Quantity)))];

        public HashSet<string> FulfilledBy { get; } = [];

        /// <summary>Reserved until paid or cancelled here; lapsing is read from the time.</summary>
        public OrderStatus Status { get; set; } = OrderStatus.Reserved;

        public string? PaymentId { get; set; }

        public int Units(string sku) => Request.Lines.Where(l => l.Sku == sku).Sum(l => l.Quantity);
    }

    private sealed class OrderRun
    {
        private OrderRun(Shop shop) => Shop = shop;

        public Shop Shop { get; }

        public string[] Skus => [Shop.Serum, Shop.Cream];

        public Dictionary<string, OrderInModel> Orders { get; } = [];

        public List<string> Members { get; } = [];

        public static async Task<OrderRun> Open(IGrainFactory grains)
        {
            var run = new OrderRun(await Shop.Open(grains));
            run.Members.Add(run.Shop.Member);
            for (var i = 0; i < 3; i++)
            {
                var member = Shop.NewId("m");
                await run.Shop.NewMember(member, guideId: i == 0 ? null : run.Shop.FranchiseGuide);
                run.Members.Add(member);
            }

            return run;
        }

        /// <summary>One or two lines of one to four units each, shipped, with a payment window of a few minutes or the default.</summary>
        public PlaceOrder NewOrder(Random random)
        {
            var lines = Skus.Select(sku => (sku, quantity: random.Next(0, 5))).Where(l => l.quantity > 0).ToList();
            if (lines.Count == 0)
            {
                lines.Add((Skus[random.Next(Skus.Length)], 1));
            }

            return Shop.Placing([.. lines]) with
            {
                MemberId = Members[random.Next(Members.Count)],
                TtlSeconds = random.Next(3) == 0 ? null : random.Next(30, 600),
            };
        }

        public int Units(string sku, Func<OrderInModel, bool> which) => Orders.Values.Where(which).Sum(o => o.Units(sku));

        /// <summary>
        /// What the pool holds for unpaid orders, as a range: an order past its time whose expiry may not have been
        /// recorded yet (within <see cref="ExpiryRecordedWithin"/>) may still hold its units.
        /// </summary>
        public (int Lo, int Hi) Held(string sku, DateTimeOffset now)
        {
            var held = Units(sku, o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt);
            var maybe = Units(sku, o => o.Status == OrderStatus.Reserved && o.ExpiresAt <= now && now < o.ExpiresAt + ExpiryRecordedWithin);
            return (held, held + maybe);
        }

        /// <summary>What the SKU's pool has free, as a range (see <see cref="Held"/>).</summary>
        public (long Lo, long Hi) Free(string sku, DateTimeOffset now)
        {
            var onHand = StockPerSku - Units(sku, o => o.Status is OrderStatus.Paid or OrderStatus.Fulfilled);
            var (heldLo, heldHi) = Held(sku, now);
            return (onHand - heldHi, onHand - heldLo);
        }

        public void Placed(string orderId, PlaceOrder request, Order? order, string? refused, DateTimeOffset now)
        {
            if (refused is not null)
            {
                Assert.Equal(ErrorCodes.InsufficientStock, refused);
                return;
            }

            var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(15);
            Assert.Equal((OrderStatus.Reserved, now + ttl), (order!.Status, order.ExpiresAt));
            Assert.Equal(request.Lines.Select(l => (l.Sku, l.Quantity)), order.Lines.Select(l => (l.Sku, l.Quantity)));
            Orders[orderId] = new OrderInModel(orderId, request, order);
        }
    }
}
