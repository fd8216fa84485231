using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

// The room's flash sales: a sale's units taken from the region's pool when it starts (the start stored first, so one cut
// short is undone), buys held per order against them in one synchronous step, holds confirmed, released or lapsing, and
// unsold units owed back to the pools when a sale or the room ends.
public sealed partial class LiveRoomGrain
{
    /// <summary>How long a flash sale's pool reservation is taken for: the longest the pools allow.</summary>
    private readonly TimeSpan _saleReservationTtl;
    private readonly HashSet<string> _startingSales = [];

    private string? _hostStoreId;
    private Dictionary<string, GeoPoint>? _storePositions;

    public async Task<FlashSaleView> StartFlashSale(Actor actor, string saleId, string sku, long price, int quantity)
    {
        new Validation()
            .RequireId(saleId, "saleId")
            .Require(price is > 0 and <= SkuProfile.MaxPrice, "price", "price must be a positive number of fen.")
            .Require(quantity is >= 1 and <= ReservationRequest.MaxQuantity, "quantity", $"quantity must be between 1 and {ReservationRequest.MaxQuantity}.")
            .ThrowIfInvalid();
        var info = EnsureHost(actor);
        if (Room.Sales.TryGetValue(saleId, out var existing))
        {
            if (existing.Sku != sku || existing.Price != price || existing.Quantity != quantity)
            {
                throw DomainException.Conflict(ErrorCodes.FlashSaleConflict, $"Flash sale '{saleId}' already exists with different terms.");
            }

            // A repeat: "started" only once the sale is stored (a start whose last write failed is undone).
            await _state.WhenAllDurable();
            return Room.Sales[saleId].View;
        }

        if (info.Status != LiveRoomStatus.Live)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' is not live.");
        }

        if (!info.Shelf.Contains(sku))
        {
            throw DomainException.Unprocessable(ErrorCodes.NotOnShelf, $"'{sku}' is not on this room's shelf.");
        }

        if (!_startingSales.Add(saleId))
        {
            throw DomainException.Conflict(ErrorCodes.FlashSaleConflict, $"Flash sale '{saleId}' is being started; try again.");
        }

        try
        {
            // The sale's units leave the region's pool now (nearest to the host's store), for as long as a pool holds anything.
            var store = await HostStore(info);
            var start = await StoreSaleStart(saleId, sku, price, quantity);
            var pool = GrainFactory.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, info.RegionId));
            Reservation reservation;
            try
            {
                reservation = await pool.Reserve(new ReservationRequest(
                    start.PoolReservationId, quantity, store.Latitude, store.Longitude, FulfilmentMode.Ship, TtlSeconds: (int)_saleReservationTtl.TotalSeconds));
            }
            catch (DomainException)
            {
                // Refused (too few units): the pool took nothing. Any other failure leaves the start for housekeeping.
                Room.SaleStarts.Remove(saleId);
                await _state.WriteAsync();
                throw;
            }

            var allocated = reservation.Allocations.ToImmutableDictionary(a => a.StoreId, a => a.Quantity);
            if (_storePositions is { } known && allocated.Keys.Any(s => !known.ContainsKey(s)))
            {
                // A store the region gained since this room learned its stores: buyers are matched to the nearest of the
                // sale's stores, so the next buy learns them again rather than rank this one farthest.
                _storePositions = null;
            }

            var sale = new FlashSale(saleId, sku, price, quantity, reservation.ReservationId, allocated, FlashSaleStatus.Active, allocated,
                ClosesAt: reservation.ExpiresAt - _options.SaleCloseLead);
            Room.SaleStarts.Remove(saleId);
            if (Room.Info!.Status != LiveRoomStatus.Live)
            {
                // The room ended while its units were being taken; ending gave back only the sales it knew, so these
                // are owed back now rather than stay promised to a sale nobody can buy from until the reservation lapses.
                _returns.OweUnsold(sale);
                await _state.WriteAsync();
                await GiveBackOwed();
                throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' ended while the sale was starting.");
            }

            Room.Sales[saleId] = sale;
            Changed();
            await _state.WriteAsync();
            return sale.View;
        }
        finally
        {
            _startingSales.Remove(saleId);
        }
    }

    /// <summary>
    /// Stores the start of a sale before its units are taken, so a start cut short is undone (<see cref="UndoCutShortStarts"/>).
    /// A start of the same sale still stored — cut short in this activation or an earlier one, not yet undone — goes on
    /// under its reservation id (the pool answers a reservation it already took); each new start gets its own, so one
    /// after an undo is not answered with the released reservation.
    /// </summary>
    private async Task<SaleStart> StoreSaleStart(string saleId, string sku, long price, int quantity)
    {
        if (Room.SaleStarts.TryGetValue(saleId, out var earlier))
        {
            return earlier.SameTerms(sku, price, quantity)
                ? earlier
                : throw DomainException.Conflict(ErrorCodes.FlashSaleConflict, $"Flash sale '{saleId}' is being started with different terms.");
        }

        var start = new SaleStart(sku, price, quantity, $"{RoomId}.sale.{saleId}.{_time.GetUtcNow().ToUnixTimeMilliseconds()}");
        Room.SaleStarts[saleId] = start;
        await _state.WriteAsync();

        // A start cut short by a lost activation must be undone even if nobody calls the room again.
        await _wakeUp.EnsureAsync();
        return start;
    }

    /// <summary>
    /// Gives back the units of sale starts cut short: their pool reservation is released and the start forgotten; the
    /// host's call failed, and a retry starts afresh. Not a start running now, which settles itself.
    /// </summary>
    private async Task UndoCutShortStarts()
    {
        foreach (var (saleId, start) in Room.SaleStarts.Where(s => !_startingSales.Contains(s.Key)).ToList())
        {
            _startingSales.Add(saleId);
            var undone = await _returns.UndoStartAsync(saleId, start);
            _startingSales.Remove(saleId);
            if (undone)
            {
                Room.SaleStarts.Remove(saleId);
                await _state.WriteAsync();
            }
        }
    }

    public async Task<Order> Buy(Actor buyer, string saleId, string orderId, int quantity, double latitude, double longitude)
    {
        new Validation().RequireId(orderId, "orderId")
            .Require(quantity is >= 1 and <= ReservationRequest.MaxQuantity, "quantity", $"quantity must be between 1 and {ReservationRequest.MaxQuantity}.")
            .RequirePosition(latitude, longitude)
            .ThrowIfInvalid();
        var positions = _storePositions ??= (await GrainFactory.GetGrain<IRegionGrain>(EnsureExists().RegionId).GetStores())
            .ToDictionary(s => s.StoreId, s => s.Position);

        // From here to the hold there is no await: whether this buy is a repeat, whether the room is live, what is left,
        // and taking it are one step. (A double tap reaching a room that was still learning its stores above made two
        // holds under one order id: the order kept the first hold's units, and the second's refusal released them.)
        var info = EnsureExists();
        var order = GrainFactory.GetGrain<IOrderGrain>(orderId);
        if (_holds.Find(orderId) is { } earlier)
        {
            return await RepeatedBuy(buyer, info, order, earlier, saleId, quantity, latitude, longitude);
        }

        if (info.Status != LiveRoomStatus.Live)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' is not live.");
        }

        var sale = Room.Sales.GetValueOrDefault(saleId) ?? throw DomainException.NotFound(ErrorCodes.UnknownFlashSale, $"Flash sale '{saleId}' does not exist.");
        var now = _time.GetUtcNow();
        if (!sale.SellsAt(now))
        {
            throw DomainException.Conflict(ErrorCodes.SoldOut, "This flash sale has ended.");
        }

        if (sale.Remaining < quantity)
        {
            throw DomainException.Conflict(ErrorCodes.SoldOut, sale.Remaining == 0 ? "Sold out." : $"Only {sale.Remaining} left.");
        }

        if (_options.MaxUnitsPerBuyer is { } limit && _holds.TakenBy(saleId, buyer.UserId) is var taken && taken + quantity > limit)
        {
            throw DomainException.Conflict(ErrorCodes.BuyerLimit, $"One buyer may take at most {limit} of this sale; you have {taken}.");
        }

        var units = sale.NearestUnits(quantity, new GeoPoint(latitude, longitude), positions);
        Room.Sales[saleId] = sale.Take(units);
        var hold = new SaleHold(orderId, saleId, units, now + _options.HoldLifetime, HoldStatus.Held, buyer.UserId);
        var stored = _holds.Add(hold);
        KeepHouseEvery(BusyHousekeepingPeriod);
        Changed();
        await Task.WhenAll(stored, _wakeUp.EnsureAsync());
        return await PlaceHeldOrder(buyer, info, order, sale, hold, latitude, longitude);
    }

    /// <summary>
    /// A buy with an order id the room already holds units for: the order if it was placed; else, when the same buyer
    /// retries a buy whose hold was stored but whose order was never placed (its answer was lost), the order placed now
    /// on the units still held for it.
    /// </summary>
    private async Task<Order> RepeatedBuy(
        Actor buyer, LiveRoomInfo info, IOrderGrain order, SaleHold earlier, string saleId, int quantity, double latitude, double longitude)
    {
        // A retry is the same buy; the same id for another sale or quantity is another buy, and answering the first
        // order would tell the client it bought what it did not.
        var sameBuy = earlier.SaleId == saleId && earlier.Quantity == quantity;
        if (await order.Get() is { } placed)
        {
            return placed.MemberId == buyer.UserId && sameBuy
                ? placed
                : throw DomainException.Conflict(ErrorCodes.OrderConflict, $"Order id '{earlier.OrderId}' is already in use.");
        }

        // Read again after the await: the hold may have lapsed (or been forgotten) meanwhile, and units no longer held
        // must not be sold.
        if (_holds.Find(earlier.OrderId) is not { } hold || hold.Status != HoldStatus.Held || hold.BuyerId != buyer.UserId || !sameBuy)
        {
            throw DomainException.Conflict(ErrorCodes.OrderConflict, $"Order id '{earlier.OrderId}' is already in use.");
        }

        await _holds.WhenAllDurable();
        return await PlaceHeldOrder(buyer, info, order, Room.Sales[saleId], hold, latitude, longitude);
    }

    /// <summary>Places the order for units the room holds for it; an order refused gives its units back to the sale.</summary>
    private async Task<Order> PlaceHeldOrder(Actor buyer, LiveRoomInfo info, IOrderGrain order, FlashSale sale, SaleHold hold, double latitude, double longitude)
    {
        try
        {
            return await order.Place(new PlaceOrder(
                buyer.UserId, info.RegionId, await HostStoreId(info), [new OrderLineRequest(sale.Sku, hold.Quantity)],
                FulfilmentMode.Ship, latitude, longitude, GuideId: info.HostGuideId, LiveRoomId: RoomId, TtlSeconds: (int)_options.BuyTtl.TotalSeconds,
                FlashSale: new FlashSaleOrder(RoomId, sale.SaleId, sale.Price, sale.PoolReservationId, hold.Units)));
        }
        catch (DomainException)
        {
            await LapseHold(hold.OrderId);
            throw;
        }
    }

    public async Task ConfirmHold(string orderId)
    {
        var hold = _holds.Find(orderId)
            ?? throw DomainException.NotFound(ErrorCodes.UnknownOrder, $"No units are held for order '{orderId}'.");
        switch (hold.Status)
        {
            case HoldStatus.Sold:
                // A repeat: answered only once the first is stored (its caller takes the answer as "sold").
                await _holds.WhenAllDurable();
                return;
            case HoldStatus.Released:
                throw DomainException.Conflict(ErrorCodes.OrderExpired, $"The units of order '{orderId}' went back to the sale.");
        }

        await _holds.Update(hold with { Status = HoldStatus.Sold });
    }

    /// <remarks>
    /// Also a hold taken as sold: the order says it ended unpaid only once that is stored, and a payment whose own write
    /// failed after the room confirmed its hold leaves exactly that — units sold to nobody, which no lapse would free.
    /// </remarks>
    public Task ReleaseHold(string orderId) => GiveBackHeldUnits(orderId, evenIfSold: true);

    /// <summary>A hold lapsing or refused by its order: only units still held go back (sold ones are paid for, or being paid).</summary>
    private Task LapseHold(string orderId) => GiveBackHeldUnits(orderId, evenIfSold: false);

    private async Task GiveBackHeldUnits(string orderId, bool evenIfSold)
    {
        if (_holds.Find(orderId) is not { } hold || hold.Status == HoldStatus.Released || (hold.Status == HoldStatus.Sold && !evenIfSold))
        {
            await _holds.WhenAllDurable();
            return;
        }

        var released = hold with { Status = HoldStatus.Released };
        var sale = Room.Sales[hold.SaleId];
        if (sale.Status == FlashSaleStatus.Active)
        {
            var stored = _holds.Update(released);
            Room.Sales[hold.SaleId] = sale.Add(hold.Units);
            Changed();
            await stored;
        }
        else
        {
            // The units go back to the pool: owed in the room's state, and that stored before the release is. A pool
            // that cannot take them now gets them later; a failed write of the owed units leaves the hold held in
            // storage, so the next activation releases it again (its wake-up reminder stays while anything is owed).
            // Released in memory at once, so a repeat or a late confirmation sees it so.
            _holds.Mark(released);
            _returns.OweLapsed(sale, orderId, hold.Units);
            await _state.WriteAsync();
            await _holds.Update(released);
            await GiveBackOwed();
        }
    }

    /// <summary>
    /// Ends the sales whose time is up (<see cref="LiveRoomOptions.SaleCloseLead"/> before their pool reservation
    /// lapses), so a room left live for longer than the pools hold a reservation never sells units the pool has taken
    /// back. A buy checks the time itself; this tells the viewers and gives the unsold units back while the reservation
    /// still holds them.
    /// </summary>
    private async Task CloseSalesDue(DateTimeOffset now)
    {
        var closing = Room.Sales.Values.Where(s => s.Status == FlashSaleStatus.Active && !s.SellsAt(now)).ToList();
        if (closing.Count > 0)
        {
            EndSales(closing);
            await _state.WriteAsync();
            await GiveBackOwed();
        }
    }

    /// <summary>
    /// Marks the sales ended, in the same turn as the caller's check, and tells the viewers; their unsold units are owed
    /// back to the region (stored with the end, given back by <see cref="GiveBackOwed"/>). Units still held return
    /// when their orders resolve.
    /// </summary>
    private void EndSales(List<FlashSale> ending)
    {
        foreach (var sale in ending)
        {
            Room.Sales[sale.SaleId] = sale.Ended();
            _returns.OweUnsold(sale);
        }

        Changed();
    }

    /// <summary>
    /// Gives the owed units back to the region's pools (<see cref="SaleReturns"/>). One the pool cannot take now stays
    /// owed and is tried again by housekeeping; the reminder brings the room back for it after a restart.
    /// </summary>
    private async Task GiveBackOwed()
    {
        if (!_returns.AnyOwed)
        {
            return;
        }

        if (await _returns.GiveBackOwedAsync())
        {
            MarkDirty();
        }

        if (_returns.AnyOwed)
        {
            await _wakeUp.EnsureAsync();
        }
    }

    /// <summary>The host's store, with its position (a flash sale takes its units nearest to it).</summary>
    private async Task<StoreProfile> HostStore(LiveRoomInfo info)
    {
        var storeId = await HostStoreId(info);
        return await GrainFactory.GetGrain<IStoreGrain>(storeId).GetProfile()
            ?? throw DomainException.NotFound(ErrorCodes.UnknownStore, $"The host's store '{storeId}' does not exist.");
    }

    /// <summary>The host's store id, asked of the guide once; a buy needs only this (the order checks the store itself).</summary>
    private async Task<string> HostStoreId(LiveRoomInfo info) =>
        _hostStoreId ??= (await GrainFactory.GetGrain<IGuideGrain>(info.HostGuideId).GetProfile())?.StoreId
            ?? throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Host guide '{info.HostGuideId}' does not exist.");

    /// <summary>Reads the room's holds, and derives from them what each of its sales has free.</summary>
    private async Task ReadHolds(CancellationToken cancellationToken)
    {
        var taken = await _holds.LoadAsync(_time.GetUtcNow(), cancellationToken);
        foreach (var sale in Room.Sales.Values.ToList())
        {
            Room.Sales[sale.SaleId] = sale.FreeAfter(taken[sale.SaleId]);
        }

        // The silo watches unpaid orders in memory only; after a restart the room, which holds their units, has it
        // watch them again, at about the order's own time (a hold ends LiveRoomOptions.HoldGrace after its order; an
        // order asked a little early watches itself at its exact time).
        foreach (var hold in taken.SelectMany(sale => sale).Where(hold => hold.Status == HoldStatus.Held))
        {
            _orderExpiries.WatchIfUnknown(hold.OrderId, hold.ExpiresAt - _options.HoldGrace);
        }
    }
}
