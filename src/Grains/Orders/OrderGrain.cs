using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>
/// One order. Not reentrant: its steps are few and must not interleave (two payments of one order queue up and the
/// second sees the first). Paying writes the payment, the settlement and the effects owed in one state write; the
/// effects are then delivered, and retried (timer, and a reminder across restarts) until all are. An unpaid order's
/// expiry is recorded by the silo's <see cref="OrderExpiries"/>, so it leaves memory like any idle grain.
/// </summary>
/// <remarks>
/// Collected after 2 idle minutes rather than the silo's 15: a flash sale places thousands of orders a second, and
/// an order is busy for the minutes around its payment, then rarely read.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
public sealed class OrderGrain : Grain, IOrderGrain, IRemindable
{
    private readonly IPersistentState<OrderState> state;
    private readonly OrderOptions _options;
    private readonly SettlementOptions _settlement;
    private readonly TimeProvider time;
    private readonly Outbox _outbox;
    private readonly UserNotifier _notifier;
    private readonly OrderExpiries _expiries;
    private readonly IMemberOrderStore _memberOrders;
    private readonly GrainMetrics _metrics;
    private readonly IPickupCodes _pickupCodes;
    private readonly ILogger<OrderGrain> _logger;
    private readonly TimeSpan _maxReservationTtl;

    public OrderGrain(
        [PersistentState("order", StorageNames.GrainState)] IPersistentState<OrderState> state,
        IOptions<OrderOptions> orderOptions,
        IOptions<SettlementOptions> settlementOptions,
        IOptions<InventoryOptions> inventoryOptions,
        TimeProvider time,
        IGrainFactory grainFactory,
        UserNotifier notifier,
        OrderExpiries expiries,
        IMemberOrderStore memberOrders,
        GrainMetrics metrics,
        DeferredEffectsLog deferredEffects,
        IPickupCodes pickupCodes,
        ILogger<OrderGrain> logger)
    {
        this.state = state;
        _pickupCodes = pickupCodes;
        _options = orderOptions.Value;
        _settlement = settlementOptions.Value;
        this.time = time;
        _notifier = notifier;
        _expiries = expiries;
        _memberOrders = memberOrders;
        _metrics = metrics;
        _logger = logger;
        _maxReservationTtl = inventoryOptions.Value.MaxReservationTtl;
        _outbox = new Outbox(this, grainFactory, () => state.State.Pending, state.WriteStateAsync, _options.EffectRetryInterval, logger, deferredEffects);
    }

    private string OrderId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _outbox.ResumeIfPending();
        if (state.State.Order is { Status: OrderStatus.Reserved } order)
        {
            // Also when its time is already up: a read does not record the expiry, so the watch makes sure it is.
            _expiries.Watch(OrderId, order.ExpiresAt);
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _outbox.DeliverAsync();

    public async Task<Order> Place(PlaceOrder request)
    {
        var paymentTtl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.PaymentTtl;
        request.Validate()
            .Require(request.FlashSale is not null || paymentTtl + _options.ConfirmGrace <= _maxReservationTtl, "ttlSeconds",
                $"ttlSeconds must be at most {(_maxReservationTtl - _options.ConfirmGrace).TotalSeconds:0}.")
            .ThrowIfInvalid();
        if (state.State.Order is not null)
        {
            if (!IsSamePlacement(state.State.Placed!, request))
            {
                throw DomainException.Conflict(ErrorCodes.OrderConflict, $"Order id '{OrderId}' was already used for a different order.");
            }

            // A retry after an answer that failed: the member's list may be what failed.
            await _memberOrders.AddAsync(state.State.Order.MemberId, OrderId, state.State.Order.CreatedAt, state.State.Order.LiveRoomId);
            return await Current();
        }

        var now = time.GetUtcNow();
        var store = GrainFactory.GetGrain<IStoreGrain>(request.StoreId);
        var member = GrainFactory.GetGrain<IMemberGrain>(request.MemberId);
        var storeProfile = store.GetProfile();
        var catalog = store.GetCatalog();
        var memberProfile = member.GetProfile();
        var products = request.Lines.Select(l => GrainFactory.GetGrain<ISkuGrain>(l.Sku).GetProfile()).ToList();

        var entered = await storeProfile ?? throw DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{request.StoreId}' does not exist.");
        if (entered.RegionId != request.RegionId)
        {
            throw DomainException.Unprocessable(ErrorCodes.StoreNotInRegion, $"Store '{request.StoreId}' is in region '{entered.RegionId}', not '{request.RegionId}'.");
        }

        var buyer = await memberProfile ?? throw DomainException.NotFound(ErrorCodes.UnknownMember, $"Member '{request.MemberId}' does not exist.");
        var sharedOrExclusiveGuide = await AttributeGuide(request, buyer);
        var room = await AttributeLiveRoom(request, now);

        // A sale made in a live room (or within its 72 hours) is the room host's, whoever's link brought the member.
        var guideId = room?.HostGuideId ?? sharedOrExclusiveGuide;
        var liveRoomId = room?.RoomId;
        var prices = await catalog;
        var lines = new List<(OrderLineRequest Line, SkuProfile Product, long UnitPrice)>();
        for (var i = 0; i < request.Lines.Length; i++)
        {
            var product = await products[i] ?? throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{request.Lines[i].Sku}' does not exist.");
            var unitPrice = prices.TryGetValue(product.Sku, out var own) ? own.Price : product.ListPrice;
            lines.Add((request.Lines[i], product, unitPrice));
        }

        if (request.FlashSale is { } sale)
        {
            // A flash sale's price, and units the room already holds inside the sale's pool reservation.
            lines[0] = lines[0] with { UnitPrice = sale.UnitPrice };
        }

        var subtotal = lines.Sum(l => l.UnitPrice * l.Line.Quantity);
        var discount = request.CouponId is { } coupon ? await member.QuoteCoupon(coupon, subtotal) : 0;
        var reservations = request.FlashSale is { } held
            ? [new Reservation(held.PoolReservationId, request.Lines[0].Sku, request.RegionId, request.Lines[0].Quantity,
                FulfilmentMode.Ship, ReservationStatus.Held, now + paymentTtl, held.Units, held.Units.Length > 1, OrderId)]
            : await ReserveAll(request, paymentTtl + _options.ConfirmGrace);

        var order = new Order(
            OrderId,
            request.MemberId,
            request.RegionId,
            request.StoreId,
            OrderStatus.Reserved,
            request.Mode,
            request.PickupStoreId,
            [.. lines.Select((l, i) => new OrderLine(l.Product.Sku, l.Product.Name, l.Line.Quantity, l.UnitPrice, l.UnitPrice * l.Line.Quantity,
                reservations[i].ReservationId, reservations[i].Allocations))],
            subtotal,
            discount,
            subtotal - discount,
            request.CouponId,
            guideId,
            liveRoomId,
            now,
            now + paymentTtl,
            Payment: null,
            Settlement: [],
            PickupCode: request.Mode == FulfilmentMode.Pickup ? _pickupCodes.For(OrderId) : null,
            FulfilledByStores: [],
            FulfilledAt: null);
        state.State.Order = order;
        state.State.Placed = request;

        // The member's list takes the order beside its own write rather than after it, so placing waits for no extra
        // round trip. Listed but not written (the write failed) is left out of the list; a retry with the id writes it.
        var written = state.WriteStateAsync();
        var listed = _memberOrders.AddAsync(order.MemberId, OrderId, order.CreatedAt, order.LiveRoomId);
        try
        {
            await Task.WhenAll(written, listed);
        }
        finally
        {
            if (written.IsCompletedSuccessfully)
            {
                _expiries.Watch(OrderId, order.ExpiresAt);
                _metrics.OrderEntered(order);
            }
        }

        return order;
    }

    public async Task<Order> Pay(PayOrder payment)
    {
        new Validation()
            .RequireId(payment.PaymentId, "paymentId")
            .Require(payment.Amount >= 0, "amount", "amount must be the order total in fen (0 for an order its coupon makes free).")
            .ThrowIfInvalid();
        var order = await Current();
        if (order.Payment is { } paid)
        {
            if (paid.PaymentId != payment.PaymentId)
            {
                throw DomainException.Conflict(ErrorCodes.OrderAlreadyPaid, $"Order '{OrderId}' was already paid by payment '{paid.PaymentId}'.");
            }

            await _outbox.DeliverAsync();
            return state.State.Order!;
        }

        var now = time.GetUtcNow();
        switch (order.Status)
        {
            case OrderStatus.Cancelled:
                throw DomainException.Conflict(ErrorCodes.OrderCancelled, $"Order '{OrderId}' was cancelled.");
            case OrderStatus.Expired:
                throw DomainException.Conflict(ErrorCodes.OrderExpired, $"Order '{OrderId}' expired at {order.ExpiresAt:O}.");
            case OrderStatus.Reserved when now >= order.ExpiresAt - _options.PaymentCutoff:
                throw DomainException.Conflict(ErrorCodes.OrderExpired, $"Order '{OrderId}' expires at {order.ExpiresAt:O}; payments close {_options.PaymentCutoff.TotalSeconds:0} s before.");
        }

        if (payment.Amount != order.Total)
        {
            throw DomainException.Unprocessable(ErrorCodes.AmountMismatch, $"The payment of {payment.Amount} fen does not match the order total of {order.Total} fen.");
        }

        if (order.CouponId is { } coupon)
        {
            await GrainFactory.GetGrain<IMemberGrain>(order.MemberId).UseCoupon(coupon, OrderId, order.CreatedAt);
        }

        if (state.State.Placed!.FlashSale is { } sale)
        {
            // The room turns the held units into sold ones, or refuses if the hold already lapsed.
            await GrainFactory.GetGrain<ILiveRoomGrain>(sale.RoomId).ConfirmHold(OrderId);
        }

        var goodsByStore = order.Lines.SelectMany(l => l.Allocations.Select(a => (a.StoreId, Value: l.UnitPrice * a.Quantity)))
            .GroupBy(a => a.StoreId)
            .ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        var stores = new Dictionary<string, StoreProfile>();
        foreach (var storeId in goodsByStore.Keys)
        {
            stores[storeId] = await GrainFactory.GetGrain<IStoreGrain>(storeId).GetProfile()
                ?? throw new InvalidOperationException($"Fulfilling store '{storeId}' of order '{OrderId}' has no profile.");
        }

        var settlement = Settlement.Split(order.Total, goodsByStore, stores, order.GuideId, _settlement);
        var paidOrder = order with { Status = OrderStatus.Paid, Payment = new Payment(payment.PaymentId, payment.Amount, now), Settlement = settlement };

        await _outbox.ArmAsync();
        state.State.Order = paidOrder;
        state.State.Pending = EffectsOfPayment(paidOrder, goodsByStore, settlement);
        await state.WriteStateAsync();
        _expiries.Forget(OrderId);

        await _outbox.DeliverAsync();
        StatusChanged(paidOrder);
        if (paidOrder.GuideId is { } guideId)
        {
            _notifier.GuideAlert(guideId, new GuideAlert(
                GuideAlertKind.OrderPaid, $"Your customer paid order {OrderId}: {paidOrder.Total / 100m:0.00} yuan.", paidOrder.MemberId, OrderId: OrderId));
        }

        return paidOrder;
    }

    /// <remarks>
    /// The cancel is stored before the stock goes back: stock given back by a cancel that then failed to store would
    /// leave an order that can still be paid holding nothing. A give-back that fails after the cancel is stored is
    /// repeated by the member's retry (and the stock lapses by itself in any case).
    /// </remarks>
    public async Task<Order> Cancel()
    {
        var order = await Current();
        switch (order.Status)
        {
            case OrderStatus.Paid or OrderStatus.Fulfilled:
                throw DomainException.Conflict(ErrorCodes.OrderPaid, $"Order '{OrderId}' is paid; it can no longer be cancelled.");
            case OrderStatus.Cancelled:
                await GiveBackStockAgain(order);
                return order;
            case OrderStatus.Expired:
                return order;
        }

        var cancelled = order with { Status = OrderStatus.Cancelled };
        await EndUnpaid(cancelled);
        await GiveBackStock(cancelled);
        return cancelled;
    }

    public async Task<Order> Fulfil(string storeId, string? pickupCode)
    {
        var order = await Current();
        if (order.Status is not (OrderStatus.Paid or OrderStatus.Fulfilled))
        {
            throw DomainException.Conflict(ErrorCodes.OrderNotPaid, $"Order '{OrderId}' is {order.Status}; only a paid order is fulfilled.");
        }

        var fulfilling = order.FulfillingStores.ToList();
        if (!fulfilling.Contains(storeId))
        {
            throw DomainException.Unprocessable(ErrorCodes.NotFulfillingStore, $"Store '{storeId}' does not fulfil order '{OrderId}'.");
        }

        if (order.Mode == FulfilmentMode.Pickup && pickupCode != order.PickupCode)
        {
            throw DomainException.Unprocessable(ErrorCodes.PickupCodeMismatch, "The pick-up code does not match this order.");
        }

        if (order.FulfilledByStores.Contains(storeId))
        {
            return order;
        }

        // A store's queue line comes with the stock's confirmation: the goods are handed over only once that has landed,
        // or a confirmation retried after the hand-over would queue a line that then waits for good.
        await _outbox.DeliverAsync();
        if (state.State.Pending.Any(e => e is ConfirmStock or ConfirmStockPart))
        {
            throw new DomainException(ErrorKind.Unavailable, ErrorCodes.Unavailable,
                $"The stock of order '{OrderId}' is still being confirmed; fulfil it again in a few seconds.");
        }

        var byStores = order.FulfilledByStores.Add(storeId);
        var done = fulfilling.All(byStores.Contains);
        var fulfilled = order with
        {
            FulfilledByStores = byStores,
            Status = done ? OrderStatus.Fulfilled : order.Status,
            FulfilledAt = done ? time.GetUtcNow() : null,
        };
        await _outbox.ArmAsync();
        state.State.Order = fulfilled;
        state.State.Pending.Add(new CompleteFulfilment(storeId, OrderId));
        await state.WriteStateAsync();
        await _outbox.DeliverAsync();
        if (done)
        {
            StatusChanged(fulfilled);
        }

        return fulfilled;
    }

    public async Task RecordExpiry()
    {
        if (state.State.Order is not null && (await Current()) is { Status: OrderStatus.Reserved } early)
        {
            // Asked before its time (by a pool or room that knows only when its stock lapses): watched at its own.
            _expiries.Watch(OrderId, early.ExpiresAt);
        }
    }

    public Task<Order?> Get()
    {
        // A read does not write: an order past its time shows as expired; OrderExpiries or the next change records it.
        var order = state.State.Order;
        return Task.FromResult(order is { Status: OrderStatus.Reserved } && time.GetUtcNow() >= order.ExpiresAt
            ? order with { Status = OrderStatus.Expired }
            : order);
    }

    private async Task<string?> AttributeGuide(PlaceOrder request, MemberProfile buyer)
    {
        if (request.GuideId is not { } shared)
        {
            return buyer.GuideId;
        }

        // A guide's shared link names the guide; the member's exclusive guide applies otherwise.
        return await GrainFactory.GetGrain<IGuideGrain>(shared).GetProfile() is not null
            ? shared
            : throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{shared}' does not exist.");
    }

    /// <summary>The room the order counts to, when it names one that is live or ended less than 72 hours ago.</summary>
    private async Task<LiveRoomAttribution?> AttributeLiveRoom(PlaceOrder request, DateTimeOffset now)
    {
        if (request.LiveRoomId is not { } roomId)
        {
            return null;
        }

        var attribution = await GrainFactory.GetGrain<ILiveRoomGrain>(roomId).GetAttribution(now)
            ?? throw DomainException.NotFound(ErrorCodes.UnknownLiveRoom, $"Live room '{roomId}' does not exist.");
        return attribution.Attributable ? attribution : null;
    }

    /// <summary>
    /// Reserves every line for <paramref name="ttl"/>, all or nothing: when one fails, the others are released and its
    /// refusal is the answer.
    /// </summary>
    private async Task<Reservation[]> ReserveAll(PlaceOrder request, TimeSpan ttl)
    {
        var attempts = await Task.WhenAll(request.Lines.Select(async (line, i) =>
        {
            // Held for the member, so it counts toward what one member may hold of a pool (Inventory:MaxHeldPerMember).
            var reservation = new ReservationRequest($"{OrderId}.{i}", line.Quantity, request.Latitude, request.Longitude,
                request.Mode, request.PickupStoreId, (int)ttl.TotalSeconds, OrderId, OwnerId: request.MemberId);
            try
            {
                return (Reservation: await Pool(request.RegionId, line.Sku).Reserve(reservation), Refusal: (DomainException?)null);
            }
            catch (DomainException refusal)
            {
                return (Reservation: (Reservation?)null, Refusal: refusal);
            }
        }));

        if (attempts.FirstOrDefault(a => a.Refusal is not null).Refusal is { } refused)
        {
            await Task.WhenAll(attempts.Where(a => a.Reservation is not null)
                .Select(a => Pool(request.RegionId, a.Reservation!.Sku).Release(a.Reservation.ReservationId)));
            throw refused;
        }

        return [.. attempts.Select(a => a.Reservation!)];
    }

    private List<Effect> EffectsOfPayment(Order order, Dictionary<string, long> goodsByStore, ImmutableArray<SettlementLine> settlement)
    {
        var paidAt = order.Payment!.PaidAt;
        var effects = new List<Effect>();
        effects.AddRange(order.Lines.Select(l => state.State.Placed!.FlashSale is null
            ? (Effect)new ConfirmStock(PoolKey.For(l.Sku, order.RegionId), l.ReservationId, OrderId)
            : new ConfirmStockPart(PoolKey.For(l.Sku, order.RegionId), l.ReservationId, OrderId, l.Allocations)));
        effects.AddRange(Settlement.Apportion(order.Total, goodsByStore).Where(s => s.Value > 0)
            .Select(s => new CreditStore(s.Key, OrderId, s.Value, paidAt)));
        effects.AddRange(settlement.Where(s => s.Kind == SettlementKind.Franchise).GroupBy(s => s.AccountId)
            .Select(owner => new CreditAccount(owner.Key, OrderId, owner.Sum(s => s.Amount), paidAt)));
        effects.Add(new CreditMember(order.MemberId, new PurchaseRecord(OrderId, order.Total, [.. order.Lines.Select(l => l.Sku)], order.StoreId, paidAt)));
        if (order.GuideId is { } guideId)
        {
            var commission = settlement.Where(s => s.Kind == SettlementKind.Commission).Sum(s => s.Amount);
            effects.Add(new CreditGuide(guideId, new SaleCredit(OrderId, order.Total, commission, order.MemberId, order.StoreId,
                order.LiveRoomId is null ? SaleChannel.Online : SaleChannel.Live, paidAt, order.LiveRoomId)));
        }

        if (order.LiveRoomId is { } roomId)
        {
            effects.Add(new CreditLiveRoom(roomId, OrderId, order.Total, paidAt));
        }

        return effects;
    }

    /// <summary>The order, recording its expiry first if its time is up.</summary>
    private async Task<Order> Current()
    {
        var order = state.State.Order ?? throw DomainException.NotFound(ErrorCodes.UnknownOrder, $"Order '{OrderId}' does not exist.");
        if (order.Status != OrderStatus.Reserved || time.GetUtcNow() < order.ExpiresAt)
        {
            return order;
        }

        // The order records it, tells the member, and gives its stock back at once: a flash sale's held units to the
        // sale, its reservations to their pools (they would lapse by themselves, Orders:ConfirmGrace later; the room's
        // own timer would give the units back a little later).
        var expired = order with { Status = OrderStatus.Expired };
        await EndUnpaid(expired);
        try
        {
            await GiveBackStock(expired);
        }
        catch (Exception ex) when (state.State.Placed!.FlashSale is null && ex is not OperationCanceledException)
        {
            Log.ExpiredOrderStockNotReleased(_logger, OrderId, _options.ConfirmGrace, ex);
        }

        return expired;
    }

    /// <summary>
    /// Records that the order ended unpaid. A payment that failed after spending the order's coupon (the member grain
    /// took it, then a later step or the order's own write failed) left the coupon spent on this order; if the member
    /// cancelled rather than retried, or let it lapse, the coupon goes back to them with the end.
    /// </summary>
    private async Task EndUnpaid(Order ended)
    {
        if (ended.CouponId is { } couponId)
        {
            await _outbox.ArmAsync();
            state.State.Pending.Add(new ReturnCoupon(ended.MemberId, couponId, OrderId));
        }

        state.State.Order = ended;
        await state.WriteStateAsync();
        _expiries.Forget(OrderId);
        StatusChanged(ended);
        await _outbox.DeliverAsync();
    }

    /// <summary>
    /// A repeated cancel gives the stock back again, in case the first one's give-back failed: the pools and the room
    /// change nothing for what they already have back. A refusal means there is nothing left to give (it lapsed, or
    /// the pool no longer remembers a reservation closed long ago).
    /// </summary>
    private async Task GiveBackStockAgain(Order cancelled)
    {
        try
        {
            await GiveBackStock(cancelled);
        }
        catch (DomainException refused) when (refused.Kind != ErrorKind.Unavailable)
        {
        }
    }

    /// <summary>Gives an unpaid order's stock back: to its pools, or to its room's flash sale.</summary>
    private Task GiveBackStock(Order order) =>
        state.State.Placed!.FlashSale is { } sale
            ? GrainFactory.GetGrain<ILiveRoomGrain>(sale.RoomId).ReleaseHold(OrderId)
            : Task.WhenAll(order.Lines.Select(l => GrainFactory.GetGrain<IInventoryPoolGrain>(PoolKey.For(l.Sku, order.RegionId)).Release(l.ReservationId)));

    /// <summary>A new status, stored: the member hears it, and the metrics count it.</summary>
    private void StatusChanged(Order order)
    {
        _metrics.OrderEntered(order);
        _notifier.OrderUpdate(order.MemberId, new OrderUpdate(OrderId, order.Status));
    }

    private IInventoryPoolGrain Pool(string regionId, string sku) => GrainFactory.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, regionId));

    private static bool IsSamePlacement(PlaceOrder placed, PlaceOrder request) =>
        placed with { Lines = [] } == request with { Lines = [] } && placed.Lines.SequenceEqual(request.Lines);
}
