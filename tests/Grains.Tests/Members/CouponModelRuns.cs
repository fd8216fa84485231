using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>
/// Long seeded random runs of a live room's coupon drops and the orders that spend their coupons — drops made (up to
/// the room's limit), claimed alone, again, and by every member at once (each tapping twice), claimed through a member
/// write that fails or whose answer is lost; orders placed with the member's coupon, another member's or none, paid
/// (two of one coupon at once; some through an order write that fails after the coupon was spent, then paid again,
/// cancelled or left to lapse),
/// cancelled, lapsing; coupons lapsing; members, drops and orders leaving memory — checked after every step against a
/// model: what each call must be answered, what each drop has left, each member's coupons with the order each was
/// spent on, and each member's paid spend and points. So a drop never gives more coupons than it has, nor two to one
/// member, a coupon is spent by one order at most, kept only by a paid one, and a member is credited what they paid
/// after the coupon, once.
/// </summary>
public abstract class CouponModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;

    /// <summary>Payments close this long before an order's time (<c>Orders:PaymentCutoff</c>).</summary>
    private static readonly TimeSpan PaymentCutoff = new OrderOptions().PaymentCutoff;

    /// <summary>How long a dropped coupon can be used (<c>LiveRooms:DroppedCouponValidity</c>).</summary>
    private static readonly TimeSpan CouponValidity = new PrivateDomain.Realtime.Grains.Live.LiveRoomOptions().DroppedCouponValidity;

    private static readonly int MaxDrops = new PrivateDomain.Realtime.Grains.Live.LiveRoomOptions().MaxCouponDrops;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each, then the end checks.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await CouponRun.Open(fixture.Grains);

        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertCoupons(run));

        // Every unpaid order lapses; only paid orders keep the coupons they spent.
        SeededRuns.LetTimePass(fixture.Clock, TimeSpan.FromMinutes(20));
        foreach (var order in run.Orders.Values)
        {
            var expected = order.Status == OrderStatus.Reserved ? OrderStatus.Expired : order.Status;
            var stored = await SeededRuns.Until(() => run.Shop.Order(order.OrderId).Get(), o => o!.Status == expected, o => $"order {order.OrderId} is {o?.Status}, not {expected}");
            Assert.Equal((order.Subtotal - order.Discount, order.Discount), (stored!.Total, stored.Discount));
        }

        await AssertCoupons(run);
        Assert.All(run.Coupons.Values.Where(c => c.SpentOn is not null), c => Assert.Equal(OrderStatus.Paid, run.Orders[c.SpentOn!].Status));
    }

    private async Task<string> Step(CouponRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        return random.Next(100) switch
        {
            < 8 => await Drop(run, random),
            < 22 => await Claim(run, random, now),
            < 28 => await ClaimAtOnce(run, random, now),
            < 44 => await Place(run, random, now),
            < 58 => await Pay(run, random, now),
            < 64 => await CancelAnOrder(run, random, now),
            < 76 => Advance(random),
            < 80 => await ClaimThroughAFailedGrant(run, random, now),
            < 85 => await PayThroughAFailedWrite(run, random, now),
            < 91 => await PayTwoOrdersOfOneCouponAtOnce(run, random, now),
            _ => await Restart(run, random),
        };
    }

    private async Task<string> Drop(CouponRun run, Random random)
    {
        var dropId = $"drop-{run.Drops.Count + 1}";
        var amountOff = new[] { 2_000L, 10_000, 30_000 }[random.Next(3)];
        var minSpend = amountOff + new[] { 0L, 30_000, 60_000 }[random.Next(3)];
        var quantity = random.Next(1, 5);
        var (drop, refused) = await SeededRuns.Attempt(() => run.Room.DropCoupon(run.Host, dropId, amountOff, minSpend, quantity));
        if (run.Drops.Count >= MaxDrops)
        {
            Assert.Equal(ErrorCodes.TooManyCouponDrops, refused);
            return $"drop {dropId}: {refused}";
        }

        Assert.Null(refused);
        Assert.Equal((quantity, quantity, fixture.Clock.GetUtcNow() + CouponValidity), (drop!.Quantity, drop.Remaining, drop.CouponExpiresAt));
        run.Drops[dropId] = new DropInModel(fixture.Grains, run.Room.GetPrimaryKeyString(), dropId, amountOff, minSpend, quantity, drop.CouponExpiresAt);
        return $"drop {quantity} of {amountOff} off {minSpend}";
    }

    private async Task<string> Claim(CouponRun run, Random random, DateTimeOffset now)
    {
        if (run.Drops.Count == 0)
        {
            return "no drop to claim from";
        }

        var drop = run.Drops.Values.ElementAt(random.Next(run.Drops.Count));
        var memberId = run.Members[random.Next(run.Members.Count)];
        var (coupon, refused) = await SeededRuns.Attempt(() => drop.Grain.Claim(memberId));
        run.Claimed(drop, memberId, coupon, refused, now);
        return $"{memberId[..6]} claims {drop.DropId} ({drop.Left} left): {refused ?? "granted"}";
    }

    /// <summary>Every member taps a drop twice at once: the drop gives what it has left, one coupon to each member it gives to.</summary>
    private async Task<string> ClaimAtOnce(CouponRun run, Random random, DateTimeOffset now)
    {
        if (run.Drops.Count == 0)
        {
            return "no drop to claim from at once";
        }

        var drop = run.Drops.Values.ElementAt(random.Next(run.Drops.Count));
        var taps = run.Members.Concat(run.Members).ToList();
        var answers = await Task.WhenAll(taps.Select(m => SeededRuns.Attempt(() => drop.Grain.Claim(m))));
        var byMember = taps.Zip(answers).GroupBy(t => t.First).ToDictionary(g => g.Key, g => g.Select(t => t.Second).ToList());

        var newcomers = run.Members.Where(m => !drop.ClaimedBy.Contains(m)).ToList();
        var winners = newcomers.Where(m => byMember[m][0].Refused is null).ToList();
        var open = now < drop.ExpiresAt;
        Assert.Equal(open ? Math.Min(drop.Left, newcomers.Count) : 0, winners.Count);
        foreach (var memberId in run.Members)
        {
            var (first, second) = (byMember[memberId][0], byMember[memberId][1]);
            Assert.Equal(first.Refused, second.Refused);
            var expected = drop.ClaimedBy.Contains(memberId) || winners.Contains(memberId) ? null
                : open ? ErrorCodes.CouponsGone
                : ErrorCodes.RoomNotLive;
            Assert.Equal(expected, first.Refused);
        }

        foreach (var memberId in winners)
        {
            run.Granted(drop, memberId);
        }

        return $"everyone claims {drop.DropId} twice at once: {winners.Count} granted";
    }

    private async Task<string> Place(CouponRun run, Random random, DateTimeOffset now)
    {
        var memberId = run.Members[random.Next(run.Members.Count)];
        var own = run.CouponsOf(memberId);
        var couponId = random.Next(10) switch
        {
            < 6 when own.Count > 0 => own[random.Next(own.Count)].CouponId,
            < 8 when run.Coupons.Count > 0 => run.Coupons.Values.ElementAt(random.Next(run.Coupons.Count)).CouponId,
            _ => null,
        };
        var sku = random.Next(2) == 0 ? run.Shop.Serum : run.Shop.Cream;
        var quantity = random.Next(1, 3);
        var request = run.Shop.Placing((sku, quantity)) with
        {
            MemberId = memberId,
            CouponId = couponId,
            TtlSeconds = random.Next(3) == 0 ? null : random.Next(30, 600),
        };
        var orderId = Shop.NewId("o");
        var (order, refused) = await SeededRuns.Attempt(() => run.Shop.Order(orderId).Place(request));

        var subtotal = (sku == run.Shop.Serum ? Shop.SerumPrice : Shop.CreamPrice) * quantity;
        var coupon = couponId is null ? null : run.Coupons.GetValueOrDefault((memberId, couponId));
        var usable = coupon is not null && coupon.SpentOn is null && now < coupon.Drop.ExpiresAt && subtotal >= coupon.Drop.MinSpend;
        Assert.Equal(couponId is null || usable ? null : ErrorCodes.CouponUnavailable, refused);
        if (refused is null)
        {
            var discount = coupon is null ? 0 : coupon.Drop.AmountOff;
            Assert.Equal((subtotal, discount, subtotal - discount), (order!.Subtotal, order.Discount, order.Total));
            run.Orders[orderId] = new OrderInModel(orderId, memberId, couponId, subtotal, discount, order.ExpiresAt);
        }

        return $"{memberId[..6]} orders {subtotal} with {(couponId is null ? "no coupon" : coupon is null ? "another's coupon" : couponId[^6..])}: {refused ?? "reserved"}";
    }

    private async Task<string> Pay(CouponRun run, Random random, DateTimeOffset now)
    {
        if (run.Orders.Count == 0)
        {
            return "no order to pay";
        }

        // Mostly an order still to pay; else one paid, cancelled or lapsed (paid again, or refused).
        var unpaid = run.Orders.Values.Where(o => o.Status == OrderStatus.Reserved).ToList();
        var order = unpaid.Count > 0 && random.Next(3) > 0 ? unpaid[random.Next(unpaid.Count)] : run.Orders.Values.ElementAt(random.Next(run.Orders.Count));
        var paymentId = order.PaymentId is { } paid && random.Next(3) > 0 ? paid : Shop.NewId("p");
        var (answer, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Pay(new PayOrder(paymentId, order.Total)));
        var (coupon, before) = (run.CouponOf(order), order.Status);
        var expected = order.Status switch
        {
            OrderStatus.Paid => paymentId == order.PaymentId ? null : ErrorCodes.OrderAlreadyPaid,
            OrderStatus.Cancelled => ErrorCodes.OrderCancelled,
            _ when now >= order.ExpiresAt - PaymentCutoff => ErrorCodes.OrderExpired,
            _ when coupon?.SpentOn is { } spentOn && spentOn != order.OrderId => ErrorCodes.CouponUnavailable,
            _ => null,
        };
        Assert.Equal(expected, refused);
        if (refused is null && order.Status == OrderStatus.Reserved)
        {
            Assert.Equal(OrderStatus.Paid, answer!.Status);
            run.Paid(order, paymentId);
        }

        return $"pay {order.OrderId[..8]} ({before}, coupon {(coupon is null ? "none" : coupon.SpentOn == order.OrderId ? "its own" : coupon.SpentOn is null ? "free" : "spent")}): {refused ?? "paid"}";
    }

    private async Task<string> CancelAnOrder(CouponRun run, Random random, DateTimeOffset now)
    {
        // Unpaid within its time, paid (refused), or cancelled before (the same answer).
        var candidates = run.Orders.Values
            .Where(o => o.Status is OrderStatus.Paid or OrderStatus.Cancelled || (o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff))
            .ToList();
        if (candidates.Count == 0)
        {
            return "no order to cancel";
        }

        var order = candidates[random.Next(candidates.Count)];
        var (answer, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Cancel());
        Assert.Equal(order.Status == OrderStatus.Paid ? ErrorCodes.OrderPaid : null, refused);
        if (refused is null)
        {
            Assert.Equal(OrderStatus.Cancelled, answer!.Status);
            run.Ended(order, OrderStatus.Cancelled);
        }

        return $"cancel {order.OrderId[..8]}: {refused ?? "cancelled"}";
    }

    /// <summary>A member places two orders with one coupon (both may quote it), then pays both at once: one is paid and spends it, the other is refused.</summary>
    private async Task<string> PayTwoOrdersOfOneCouponAtOnce(CouponRun run, Random random, DateTimeOffset now)
    {
        var free = run.Coupons.Where(c => c.Value.SpentOn is null && now < c.Value.Drop.ExpiresAt).ToList();
        if (free.Count == 0)
        {
            return "no free coupon to spend twice at once";
        }

        var ((memberId, couponId), coupon) = free[random.Next(free.Count)];
        var orders = new List<OrderInModel>();
        for (var i = 0; i < 2; i++)
        {
            // Two creams are more than any drop's minimum spend.
            var orderId = Shop.NewId("o");
            var (order, refused) = await SeededRuns.Attempt(() => run.Shop.Order(orderId).Place(run.Shop.Placing((run.Shop.Cream, 2)) with { MemberId = memberId, CouponId = couponId }));
            Assert.Null(refused);
            Assert.Equal(coupon.Drop.AmountOff, order!.Discount);
            orders.Add(run.Orders[orderId] = new OrderInModel(orderId, memberId, couponId, order.Subtotal, order.Discount, order.ExpiresAt));
        }

        var payments = orders.Select(o => new PayOrder(Shop.NewId("p"), o.Total)).ToList();
        var answers = await Task.WhenAll(orders.Zip(payments).Select(p => SeededRuns.Attempt(() => run.Shop.Order(p.First.OrderId).Pay(p.Second))));

        var paid = answers.Select((a, i) => (a, i)).Where(a => a.a.Refused is null).Select(a => a.i).ToList();
        Assert.Single(paid);
        Assert.Equal(ErrorCodes.CouponUnavailable, answers[1 - paid[0]].Refused);
        run.Paid(orders[paid[0]], payments[paid[0]].PaymentId);
        return $"{memberId[..6]} pays two orders of {couponId[^6..]} at once";
    }

    /// <summary>Seconds pass, or more than an order's time, or a day, so coupons lapse. Never whole seconds (SeededRuns.LetTimePass).</summary>
    private string Advance(Random random)
    {
        var by = random.Next(16) switch
        {
            0 => TimeSpan.FromDays(1),
            < 3 => TimeSpan.FromMinutes(16),
            _ => TimeSpan.FromSeconds(random.Next(0, 90)),
        };
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by} passes";
    }

    /// <summary>
    /// The drop stores a claim, then the member's write of the coupon fails or lands with its answer lost: the claim
    /// fails, and the member's retry is given the coupon once, by the same one unit of the drop.
    /// </summary>
    private async Task<string> ClaimThroughAFailedGrant(CouponRun run, Random random, DateTimeOffset now)
    {
        var open = run.Drops.Values.Where(d => d.Left > 0 && now < d.ExpiresAt).ToList();
        if (open.Count == 0)
        {
            return "no drop to claim through a failed grant";
        }

        var drop = open[random.Next(open.Count)];
        var newcomers = run.Members.Where(m => !drop.ClaimedBy.Contains(m)).ToList();
        var memberId = newcomers[random.Next(newcomers.Count)];
        var member = fixture.Grains.GetGrain<IMemberGrain>(memberId);
        var answerLost = random.Next(2) == 0;
        fixture.StorageFaults.BreakNextWrite(member.GetGrainId(), "member", answerLost);

        var first = await Record.ExceptionAsync(() => drop.Grain.Claim(memberId));
        var (coupon, refused) = await SeededRuns.Attempt(() => drop.Grain.Claim(memberId));

        Assert.Contains("Injected failure", first?.ToString());
        Assert.False(fixture.StorageFaults.WriteFailurePending(member.GetGrainId(), "member") || fixture.StorageFaults.AnswerLossPending(member.GetGrainId(), "member"));
        run.Claimed(drop, memberId, coupon, refused, now);
        Assert.Null(refused);
        return $"{memberId[..6]} claims {drop.DropId} through a grant {(answerLost ? "whose answer was lost" : "that failed")}";
    }

    /// <summary>
    /// The payment spends the order's coupon, then the order's write fails: the coupon stays spent on the unpaid order —
    /// no other order can use it — until the member pays again (kept), cancels (given back) or lets the order lapse
    /// (given back with the lapse).
    /// </summary>
    private async Task<string> PayThroughAFailedWrite(CouponRun run, Random random, DateTimeOffset now)
    {
        var payable = run.Orders.Values
            .Where(o => o.Status == OrderStatus.Reserved && now < o.ExpiresAt - PaymentCutoff && run.CouponOf(o) is { SpentOn: null })
            .ToList();
        if (payable.Count == 0)
        {
            return "no order with a free coupon to pay through a failed write";
        }

        var order = payable[random.Next(payable.Count)];
        var coupon = run.CouponOf(order)!;
        var grain = run.Shop.Order(order.OrderId);
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        fixture.StorageFaults.FailNextWrite(grain.GetGrainId(), "order");
        var failed = await Record.ExceptionAsync(() => grain.Pay(payment));

        Assert.Contains("Injected failure", failed?.ToString());
        coupon.SpentOn = order.OrderId;
        await AssertCoupons(run);
        var (another, refused) = await SeededRuns.Attempt(() => run.Shop.Order(Shop.NewId("o")).Place(run.Shop.Placing((run.Shop.Cream, 2)) with
        {
            MemberId = order.MemberId,
            CouponId = coupon.CouponId,
        }));
        Assert.Equal(ErrorCodes.CouponUnavailable, refused);

        switch (random.Next(3))
        {
            case 0:
                var (paid, payRefused) = await SeededRuns.Attempt(() => grain.Pay(payment));
                Assert.Null(payRefused);
                Assert.Equal(OrderStatus.Paid, paid!.Status);
                run.Paid(order, payment.PaymentId);
                return $"pay {order.OrderId[..8]} through a failed write, then again: paid";
            case 1:
                var (cancelled, cancelRefused) = await SeededRuns.Attempt(() => grain.Cancel());
                Assert.Null(cancelRefused);
                Assert.Equal(OrderStatus.Cancelled, cancelled!.Status);
                run.Ended(order, OrderStatus.Cancelled);
                return $"pay {order.OrderId[..8]} through a failed write, then cancel it";
            default:
                // Past its time and the silo's next expiry check; the lapse gives the coupon back.
                SeededRuns.LetTimePass(fixture.Clock, order.ExpiresAt - fixture.Clock.GetUtcNow() + OrderExpiries.CheckInterval * 2);
                await SeededRuns.Until(() => grain.Get(), o => o!.Status == OrderStatus.Expired, o => $"order {order.OrderId} is {o?.Status}, not expired");
                var member = fixture.Grains.GetGrain<IMemberGrain>(order.MemberId);
                await SeededRuns.Until(() => member.GetProfile(), p => p!.Coupons.Single(c => c.CouponId == coupon.CouponId).UsedByOrderId is null, _ => $"{coupon.CouponId} was not given back with the lapse");
                run.Ended(order, OrderStatus.Expired);
                return $"pay {order.OrderId[..8]} through a failed write, then let it lapse";
        }
    }

    private async Task<string> Restart(CouponRun run, Random random)
    {
        var (grain, what) = random.Next(3) switch
        {
            0 when run.Drops.Count > 0 => ((IGrain)run.Drops.Values.ElementAt(random.Next(run.Drops.Count)).Grain, "a drop"),
            1 when run.Orders.Count > 0 => (run.Shop.Order(run.Orders.Keys.ElementAt(random.Next(run.Orders.Count))), "an order"),
            _ => (fixture.Grains.GetGrain<IMemberGrain>(run.Members[random.Next(run.Members.Count)]), "a member"),
        };
        await Activations.Deactivate(fixture.Grains, grain);
        return $"restart {what}";
    }

    /// <summary>
    /// Each drop has what the model says is left; each member has exactly the coupons the model gave, each spent where
    /// the model says, and has been credited what their paid orders cost after their coupons.
    /// </summary>
    private async Task AssertCoupons(CouponRun run)
    {
        foreach (var drop in run.Drops.Values)
        {
            var stored = await drop.Grain.Get();
            Assert.True(stored!.Remaining == drop.Left, $"{drop.DropId} has {stored.Remaining} left, not {drop.Left}");
        }

        foreach (var memberId in run.Members)
        {
            var expected = run.CouponsOf(memberId).Select(c => (c.CouponId, c.Drop.AmountOff, c.Drop.MinSpend, c.Drop.ExpiresAt, c.SpentOn)).OrderBy(c => c.CouponId, StringComparer.Ordinal);
            var profile = await fixture.Grains.GetGrain<IMemberGrain>(memberId).GetProfile();
            var actual = profile!.Coupons.Select(c => (c.CouponId, c.AmountOff, c.MinSpend, c.ExpiresAt, SpentOn: c.UsedByOrderId));
            Assert.Equal(expected, actual);

            // What the member paid after each coupon, and a point per whole yuan of each payment.
            var paid = run.Orders.Values.Where(o => o.MemberId == memberId && o.Status == OrderStatus.Paid).ToList();
            Assert.Equal((paid.Sum(o => o.Total), paid.Sum(o => o.Total / 100)), (profile.PaidSpend, profile.Points));
        }
    }

    private sealed class DropInModel(IGrainFactory grains, string roomId, string dropId, long amountOff, long minSpend, int quantity, DateTimeOffset expiresAt)
    {
        public string DropId { get; } = dropId;

        public ICouponDropGrain Grain { get; } = grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(roomId, dropId));

        public string CouponId { get; } = ICouponDropGrain.CouponIdFor(roomId, dropId);

        public long AmountOff { get; } = amountOff;

        public long MinSpend { get; } = minSpend;

        public int Quantity { get; } = quantity;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public HashSet<string> ClaimedBy { get; } = [];

        public int Left => Quantity - ClaimedBy.Count;
    }

    private sealed class CouponInModel(DropInModel drop)
    {
        public DropInModel Drop { get; } = drop;

        public string CouponId => Drop.CouponId;

        /// <summary>The order the coupon was spent on: a paid one, or one whose payment failed after spending it.</summary>
        public string? SpentOn { get; set; }
    }

    private sealed class OrderInModel(string orderId, string memberId, string? couponId, long subtotal, long discount, DateTimeOffset expiresAt)
    {
        public string OrderId { get; } = orderId;

        public string MemberId { get; } = memberId;

        public string? CouponId { get; } = couponId;

        public long Subtotal { get; } = subtotal;

        public long Discount { get; } = discount;

        public long Total => Subtotal - Discount;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        /// <summary>Reserved until paid or ended here; lapsing is read from the time.</summary>
        public OrderStatus Status { get; set; } = OrderStatus.Reserved;

        public string? PaymentId { get; set; }
    }

    private sealed class CouponRun(Shop shop, ILiveRoomGrain room, Actor host)
    {
        public Shop Shop { get; } = shop;

        public ILiveRoomGrain Room { get; } = room;

        public Actor Host { get; } = host;

        public List<string> Members { get; } = [shop.Member];

        public Dictionary<string, DropInModel> Drops { get; } = [];

        public Dictionary<(string MemberId, string CouponId), CouponInModel> Coupons { get; } = [];

        public Dictionary<string, OrderInModel> Orders { get; } = [];

        /// <summary>A shop with stock enough never to refuse an order, its live room, and five members.</summary>
        public static async Task<CouponRun> Open(IGrainFactory grains)
        {
            var (shop, room, host) = await Shop.OpenWithLiveRoom(grains, stockPerStore: 10_000);
            var run = new CouponRun(shop, room, host);
            for (var i = 0; i < 4; i++)
            {
                var member = Shop.NewId("m");
                await shop.NewMember(member);
                run.Members.Add(member);
            }

            return run;
        }

        public List<CouponInModel> CouponsOf(string memberId) => [.. Coupons.Where(c => c.Key.MemberId == memberId).Select(c => c.Value)];

        public CouponInModel? CouponOf(OrderInModel order) =>
            order.CouponId is { } couponId ? Coupons.GetValueOrDefault((order.MemberId, couponId)) : null;

        /// <summary>Checks a claim's answer against the drop and the member as the model has them, and keeps a grant.</summary>
        public void Claimed(DropInModel drop, string memberId, Coupon? coupon, string? refused, DateTimeOffset now)
        {
            var expected = drop.ClaimedBy.Contains(memberId) ? null
                : now >= drop.ExpiresAt ? ErrorCodes.RoomNotLive
                : drop.Left == 0 ? ErrorCodes.CouponsGone
                : null;
            Assert.Equal(expected, refused);
            if (refused is not null)
            {
                return;
            }

            Granted(drop, memberId);
            var held = Coupons[(memberId, drop.CouponId)];
            Assert.Equal((drop.CouponId, drop.AmountOff, drop.MinSpend, drop.ExpiresAt, held.SpentOn), (coupon!.CouponId, coupon.AmountOff, coupon.MinSpend, coupon.ExpiresAt, coupon.UsedByOrderId));
        }

        public void Granted(DropInModel drop, string memberId)
        {
            if (drop.ClaimedBy.Add(memberId))
            {
                Coupons[(memberId, drop.CouponId)] = new CouponInModel(drop);
            }
        }

        public void Paid(OrderInModel order, string paymentId)
        {
            order.Status = OrderStatus.Paid;
            order.PaymentId = paymentId;
            if (CouponOf(order) is { } coupon)
            {
                Assert.True(coupon.SpentOn is null || coupon.SpentOn == order.OrderId, $"{coupon.CouponId} was spent on {coupon.SpentOn} and again on {order.OrderId}");
                coupon.SpentOn = order.OrderId;
            }
        }

        /// <summary>An order ended unpaid: a coupon spent on it (by a payment that failed after) goes back.</summary>
        public void Ended(OrderInModel order, OrderStatus status)
        {
            order.Status = status;
            if (CouponOf(order) is { } coupon && coupon.SpentOn == order.OrderId)
            {
                coupon.SpentOn = null;
            }
        }
    }
}
