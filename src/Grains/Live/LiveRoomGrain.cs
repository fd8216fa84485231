using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// One guide's livestream. Reentrant: every request checks and changes the room in one synchronous step, so a
/// thousand buyers can never take more than a sale holds. What viewers see goes out in batches, at most one per tick
/// and only when something changed, to each Edge with viewers (<see cref="RoomFeed"/>); a quiet room looks after the
/// rest every few seconds. Chat (its rules in <see cref="RoomChat"/>) and likes reach storage on a flush timer; sales
/// and holds before they are acknowledged.
/// What grows with the orders is kept apart from the room's state, so no write grows with them: each order's hold is a
/// row of <see cref="ISaleHoldStore"/> (what a sale has left is derived from them on activation), and paid orders are
/// the room's figures in the <see cref="ISalesLedger"/>. Units going back to the region's pools are
/// <see cref="SaleReturns"/>'s.
/// </summary>
[Reentrant]
public sealed class LiveRoomGrain : Grain, ILiveRoomGrain, IRemindable
{
    /// <summary>Orders placed up to this long after a room ends still count for it.</summary>
    public static readonly TimeSpan AttributionAfterEnd = TimeSpan.FromHours(72);

    /// <summary>
    /// How often a room looks after what is not a batch — lapsed holds, silent Edges, the state flush, the directory.
    /// Thousands of rooms are live at once and most are quiet most of the time: a tick every 100 ms for each would cost
    /// the silo tens of thousands of turns a second that send nothing.
    /// </summary>
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often, at most, a room with nothing to flush and no hold to lapse looks after the rest (silent Edges and its
    /// directory report, neither needing a second's precision); its next change brings back <see cref="HousekeepingInterval"/>.
    /// </summary>
    private static readonly TimeSpan IdleHousekeepingInterval = TimeSpan.FromSeconds(5);

    private readonly IPersistentState<LiveRoomState> _storage;
    private readonly ISaleHoldStore _holdStore;
    private readonly ISalesLedger _ledger;
    private readonly LiveRoomOptions _options;

    /// <summary>How long a flash sale's pool reservation is taken for: the longest the pools allow.</summary>
    private readonly TimeSpan _saleReservationTtl;
    private readonly TimeProvider _time;
    private readonly LocalCalendar _calendar;
    private readonly ScoreAggregator _scores;
    private readonly RoomDirectoryRelay _directory;
    private readonly OrderExpiries _orderExpiries;
    private readonly GrainMetrics _metrics;
    private readonly ILogger<LiveRoomGrain> _logger;
    private readonly EdgeWatchers<IEdgeFeedObserver> _edges;
    private readonly RoomFeed _feed;
    private readonly RoomChat _chat;
    private readonly HashSet<string> _startingSales = [];

    /// <summary>
    /// The latest claims report of each coupon drop, so a late report never shows more coupons than are left; kept also
    /// for a drop not listed yet (claimed while the room was listing it), whose listing then shows it.
    /// </summary>
    private readonly Dictionary<string, (long Version, int Remaining)> _couponDropReports = [];

    /// <summary>
    /// Brings the room back within a minute of a restart while it holds units of unpaid orders, owes units to a pool or
    /// has a sale start to settle: nothing else would activate a room nobody joins again, and its holds would neither
    /// lapse nor have their orders watched, its units never reach the region again.
    /// </summary>
    private readonly WakeUpReminder _wakeUp;
    private bool _holdsWriteFailed;

    private StatePart<LiveRoomState> _state = null!;
    private SaleHolds _holds = null!;
    private SaleReturns _returns = null!;

    /// <summary>The room's paid orders (one entry per order, on the local day it was paid) and those paid after it ended.</summary>
    private DailyFigures _paid = null!;
    private DailyFigures _paidAfterEnd = null!;
    private bool _dirty;
    private IGrainTimer _housekeeping = null!;
    private TimeSpan _housekeepingPeriod;
    private DateTimeOffset _flushedAt;
    private DateTimeOffset _reportedAt;
    private string? _hostStoreId;
    private Dictionary<string, GeoPoint>? _storePositions;

    public LiveRoomGrain(
        [PersistentState("live-room", StorageNames.GrainState)] IPersistentState<LiveRoomState> storage,
        ISaleHoldStore holdStore,
        ISalesLedger ledger,
        IOptions<LiveRoomOptions> options,
        IOptions<InventoryOptions> inventoryOptions,
        TimeProvider time,
        LocalCalendar calendar,
        ScoreAggregator scores,
        RoomDirectoryRelay directory,
        OrderExpiries orderExpiries,
        GrainMetrics metrics,
        ILogger<LiveRoomGrain> logger)
    {
        _orderExpiries = orderExpiries;
        _metrics = metrics;
        _calendar = calendar;
        _scores = scores;
        _directory = directory;
        _storage = storage;
        _holdStore = holdStore;
        _ledger = ledger;
        _options = options.Value;
        _saleReservationTtl = inventoryOptions.Value.MaxReservationTtl;
        _chat = new RoomChat(_options);
        _time = time;
        _logger = logger;
        _edges = new EdgeWatchers<IEdgeFeedObserver>(logger, () => $"Room {RoomId}");
        _feed = new RoomFeed(this, _options.TickInterval, _edges, metrics, NextBatch);
        _wakeUp = new WakeUpReminder(this, "held-units", logger);
    }

    private string RoomId => this.GetPrimaryKeyString();

    private LiveRoomState Room => _state.Live;

    private int Viewers => _edges.Total;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new StatePart<LiveRoomState>(_storage, s => s.Copy());
        _returns = new SaleReturns(Room, RoomId, GrainFactory, _logger);
        if (Room.Info is not null)
        {
            // Batches and comments given since the last flush were lost with the old activation, but viewers may
            // hold them: numbers go on from this activation's clock, above any an earlier one gave (UpdateNumbers).
            // The seq jumps, so viewers see a gap and re-join; a comment id is never given twice, so a client keeping
            // comments by id neither replaces one with another nor drops a new one as already seen.
            Room.Seq = UpdateNumbers.AfterActivation(_time, Room.Seq + 1);
            Room.LastCommentId = UpdateNumbers.IdsAfterActivation(_time, Room.LastCommentId);
        }

        // A failed write of holds or figures may have landed unheard: the room must rebuild them from storage.
        _holds = new SaleHolds(RoomId, _holdStore, () =>
        {
            _holdsWriteFailed = true;
            DeactivateOnIdle();
        });
        _paid = new DailyFigures(_ledger, $"room/{RoomId}", _calendar, historyDays: null, failed: DeactivateOnIdle);
        _paidAfterEnd = new DailyFigures(_ledger, $"room/{RoomId}/after-end", _calendar, historyDays: null, failed: DeactivateOnIdle);
        await Task.WhenAll(ReadHolds(cancellationToken), _paid.LoadAsync(), _paidAfterEnd.LoadAsync());

        _chat.Resume(Room);
        _flushedAt = _reportedAt = _time.GetUtcNow();
        _housekeepingPeriod = BusyHousekeepingPeriod;
        _housekeeping = this.RegisterGrainTimer(Housekeeping, _housekeepingPeriod, _housekeepingPeriod);
        if (_holds.AnyHeld || _returns.AnyOwed || Room.SaleStarts.Count > 0)
        {
            await _wakeUp.EnsureAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation knows no Edge until each reports again; this asks them to now.
        _edges.Send(edge => edge.RoomClosing(RoomId));
        if (_dirty)
        {
            await _state.WriteAsync();
        }

        // After a failed write storage may hold more than memory knows: the reminder stays.
        if (!_holds.AnyHeld && !_holdsWriteFailed && !_returns.AnyOwed && Room.SaleStarts.Count == 0)
        {
            await _wakeUp.RemoveAsync(reason);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation did what a restart needs (holds read, their orders watched, housekeeping timer started).
        _wakeUp.Fired();
        return Task.CompletedTask;
    }

    public async Task<LiveRoomInfo> Create(CreateLiveRoom room)
    {
        room = room with { Title = room.Title?.Trim() ?? "" };
        room.Validate().ThrowIfInvalid();
        if (Room.Info is { } existing)
        {
            return await SameOrConflict(existing, room);
        }

        if (await GrainFactory.GetGrain<IGuideGrain>(room.GuideId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownGuide, $"Guide '{room.GuideId}' does not exist.");
        }

        if (await GrainFactory.GetGrain<IRegionGrain>(room.RegionId).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownRegion, $"Region '{room.RegionId}' does not exist.");
        }

        var catalog = await GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).GetAll();
        if (room.Shelf.FirstOrDefault(sku => !catalog.ContainsKey(sku)) is { } unknown)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{unknown}' does not exist.");
        }

        // Another create may have finished while the checks above awaited.
        if (Room.Info is { } created)
        {
            return await SameOrConflict(created, room);
        }

        Room.Info = new LiveRoomInfo(RoomId, room.GuideId, room.Title, room.RegionId, [.. room.Shelf.Distinct(StringComparer.Ordinal)],
            LiveRoomStatus.Scheduled, _time.GetUtcNow(), StartedAt: null, EndedAt: null);
        await _state.WriteAsync();
        ReportToDirectory();
        return Room.Info;
    }

    /// <summary>The same create again is answered with the room, once the room it repeats is stored.</summary>
    private async Task<LiveRoomInfo> SameOrConflict(LiveRoomInfo existing, CreateLiveRoom room)
    {
        if (existing.HostGuideId != room.GuideId || existing.Title != room.Title || existing.RegionId != room.RegionId
            || !existing.Shelf.SequenceEqual(room.Shelf.Distinct(StringComparer.Ordinal)))
        {
            throw DomainException.Conflict(ErrorCodes.KeyMismatch, $"Live room '{RoomId}' already exists with different settings.");
        }

        await _state.WhenAllDurable();
        return existing;
    }

    public async Task<RoomSnapshot> Start(Actor actor)
    {
        var info = EnsureHost(actor);
        if (info.Status == LiveRoomStatus.Ended)
        {
            throw DomainException.Conflict(ErrorCodes.LiveRoomEnded, $"Live room '{RoomId}' has ended.");
        }

        if (info.Status == LiveRoomStatus.Scheduled)
        {
            Room.Info = info with { Status = LiveRoomStatus.Live, StartedAt = _time.GetUtcNow() };
            Changed();
            await _state.WriteAsync();
            ReportToDirectory();
        }
        else
        {
            // A repeat: "live" only once the start it repeats is stored.
            await _state.WhenAllDurable();
        }

        // Also on a repeat: the start it repeats may have failed to reach the host. Idempotent on the room.
        var started = Room.Info!;
        await GrainFactory.GetGrain<IGuideGrain>(started.HostGuideId).CountTowardTasks(GuideTaskKind.GoLive, $"room/{RoomId}", started.StartedAt!.Value);
        return Snapshot();
    }

    public async Task<RoomSnapshot> End(Actor actor)
    {
        var info = EnsureHost(actor);
        if (info.Status != LiveRoomStatus.Ended)
        {
            Room.Info = info with { Status = LiveRoomStatus.Ended, EndedAt = _time.GetUtcNow() };
            EndSales(Room.Sales.Values.Where(s => s.Status == FlashSaleStatus.Active).ToList());
            await _state.WriteAsync();
            ReportToDirectory();
            await GiveBackOwed();
        }
        else
        {
            await _state.WhenAllDurable();
        }

        // Also on a repeat: the end it repeats may have failed to close them.
        await Task.WhenAll(Room.CouponDrops.Keys.Select(dropId => GrainFactory.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(RoomId, dropId)).Close()));
        return Snapshot();
    }

    public Task<LiveRoomInfo?> GetInfo() => Task.FromResult(Room.Info);

    public Task<RoomSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<RoomStats> GetStats() => Task.FromResult(Stats());

    public Task<ImmutableArray<RoomUpdate>> GetBatchesAfter(long seq) => Task.FromResult(_feed.BatchesAfter(seq));

    public Task ReportViewers(string edgeId, IEdgeFeedObserver edge, int viewers)
    {
        EnsureExists();
        _edges.Report(edgeId, edge, viewers, _time.GetUtcNow());
        NoteViewers();
        return Task.CompletedTask;
    }

    public Task<CommentPosted> PostComment(Actor actor, string clientMessageId, string text)
    {
        new Validation().RequireId(clientMessageId, "clientMessageId").ThrowIfInvalid();
        var info = EnsureExists();
        long commentId;
        bool isNew;
        try
        {
            (commentId, isNew) = _chat.Post(Room, actor, clientMessageId, text, IsHost(actor, info), _time.GetUtcNow());
        }
        catch (DomainException refused)
        {
            _metrics.CommentRefused(refused.Code);
            throw;
        }

        if (isNew)
        {
            _metrics.CommentAccepted();
            MarkDirty();
            Changed();
        }

        return Task.FromResult(new CommentPosted(commentId));
    }

    public Task AddLikes(long likes)
    {
        if (likes > 0 && Room.Info is not null)
        {
            Room.Likes += likes;
            MarkDirty();
            Changed();
        }

        return Task.CompletedTask;
    }

    public async Task PinProduct(Actor actor, string sku)
    {
        var info = EnsureHost(actor);
        if (!info.Shelf.Contains(sku))
        {
            throw DomainException.Unprocessable(ErrorCodes.NotOnShelf, $"'{sku}' is not on this room's shelf.");
        }

        if (Room.PinnedSku != sku)
        {
            Room.PinnedSku = sku;
            Changed();
            await _state.WriteAsync();
        }
        else
        {
            await _state.WhenAllDurable();
        }
    }

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

    public async Task<CouponDropView> DropCoupon(Actor actor, string dropId, long amountOff, long minSpend, int quantity)
    {
        CouponDropView.ValidateTerms(dropId, amountOff, minSpend, quantity).ThrowIfInvalid();
        var info = EnsureHost(actor);
        if (Room.CouponDrops.TryGetValue(dropId, out var existing))
        {
            if (!existing.SameTerms(amountOff, minSpend, quantity))
            {
                throw DomainException.Conflict(ErrorCodes.CouponDropConflict, $"Coupon drop '{dropId}' was already made with other terms.");
            }

            await _state.WhenAllDurable();
            return Room.CouponDrops[dropId];
        }

        if (info.Status != LiveRoomStatus.Live)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' is not live.");
        }

        if (Room.CouponDrops.Count >= _options.MaxCouponDrops)
        {
            throw DomainException.Conflict(ErrorCodes.TooManyCouponDrops, $"A room drops at most {_options.MaxCouponDrops} times.");
        }

        // The drop hands the coupons out; the room lists it once it exists (a retried drop finds it open and adds it).
        var dropGrain = GrainFactory.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(RoomId, dropId));
        var drop = await dropGrain.Open(amountOff, minSpend, quantity, _time.GetUtcNow() + _options.DroppedCouponValidity);
        if (Room.Info!.Status != LiveRoomStatus.Live)
        {
            // The room ended while the drop opened, and its end closed the drops it listed then: this one it did not.
            await dropGrain.Close();
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{RoomId}' ended while the coupons were dropped.");
        }

        if (!Room.CouponDrops.ContainsKey(dropId) && Room.CouponDrops.Count >= _options.MaxCouponDrops)
        {
            // Other drops were listed while this one opened; nobody has heard of this one yet.
            await dropGrain.Close();
            throw DomainException.Conflict(ErrorCodes.TooManyCouponDrops, $"A room drops at most {_options.MaxCouponDrops} times.");
        }

        if (_couponDropReports.TryGetValue(dropId, out var report))
        {
            drop = drop with { Remaining = report.Remaining };
        }

        if (!Room.CouponDrops.TryAdd(dropId, drop))
        {
            // The same drop, asked twice at once: the other call lists it.
            await _state.WhenAllDurable();
            return Room.CouponDrops[dropId];
        }

        Changed();
        await _state.WriteAsync();
        return drop;
    }

    public Task CouponDropChanged(string dropId, int remaining, long version)
    {
        if (version <= _couponDropReports.GetValueOrDefault(dropId).Version)
        {
            return Task.CompletedTask;
        }

        _couponDropReports[dropId] = (version, remaining);
        if (Room.CouponDrops.TryGetValue(dropId, out var drop))
        {
            Room.CouponDrops[dropId] = drop with { Remaining = remaining };
            Changed();
            MarkDirty();
        }

        return Task.CompletedTask;
    }

    public async Task MuteUser(Actor actor, string userId, int seconds)
    {
        new Validation().RequireId(userId, "userId").Require(seconds is >= 0 and <= 86_400, "seconds", "seconds must be between 0 and 86400.").ThrowIfInvalid();
        EnsureHost(actor);
        Room.Mutes[userId] = _time.GetUtcNow().AddSeconds(seconds);
        await _state.WriteAsync();
    }

    public async Task DeleteComment(Actor actor, long commentId)
    {
        EnsureHost(actor);
        _chat.Delete(Room, commentId);
        Changed();
        await _state.WriteAsync();
    }

    public async Task SetSlowMode(Actor actor, int seconds)
    {
        new Validation().Require(seconds is >= 0 and <= RoomChat.MaxSlowModeSeconds, "seconds",
            $"seconds must be between 0 and {RoomChat.MaxSlowModeSeconds} (0 turns slow mode off).").ThrowIfInvalid();
        EnsureHost(actor);
        Room.SlowModeSeconds = seconds;
        await _state.WriteAsync();
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

    public Task<LiveRoomAttribution?> GetAttribution(DateTimeOffset at)
    {
        if (Room.Info is not { } info)
        {
            return Task.FromResult<LiveRoomAttribution?>(null);
        }

        var attributable = info.Status switch
        {
            LiveRoomStatus.Live => true,
            LiveRoomStatus.Ended => at < info.EndedAt!.Value + AttributionAfterEnd,
            _ => false,
        };
        return Task.FromResult<LiveRoomAttribution?>(new LiveRoomAttribution(RoomId, info.HostGuideId, attributable));
    }

    public async Task RecordPaidOrder(string orderId, long amount, DateTimeOffset paidAt)
    {
        // Counting is idempotent in storage, so a repeat (or a retry whose first answer was lost) counts once.
        var day = _calendar.DayOf(paidAt);
        var paid = new SalesEntry(orderId, day, amount, Orders: 1, NewMembers: 0, Commission: 0);
        await _paid.CountAsync(paid);
        // The 72 hours after the end are a window on payments: an order placed in its last minutes and paid after it
        // is the room's sale (its gmv), but not money the room brought in those 72 hours.
        if (Room.Info?.EndedAt is { } endedAt && paidAt > endedAt && paidAt < endedAt + AttributionAfterEnd)
        {
            await _paidAfterEnd.CountAsync(paid);
        }

        ReportToDirectory();

        // Also for a repeat: the earlier report may not have reached the boards (the caller retries until this returns).
        if (Room.Info is { } info)
        {
            var today = await _paid.GetAsync(day);
            await _scores.Report(new ScoreFact(
                ScoreSubject.Room, RoomId, info.Title, day, info.RegionId, TeamId: null, today.SalesAmount, today.Orders, 0, 0, []));
        }
    }

    private async Task Housekeeping(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_edges.Forget(now - _options.EdgeSilence))
        {
            NoteViewers();
        }

        // Released together, so they share one write.
        await Task.WhenAll(_holds.TakeDue(now).Select(LapseHold));
        _holds.ForgetSettled(now);
        await CloseSalesDue(now);
        await GiveBackOwed();
        await UndoCutShortStarts();

        if (_dirty && now - _flushedAt >= _options.StateFlushInterval)
        {
            _dirty = false;
            _flushedAt = now;
            _chat.ForgetStale(Room, now);
            await _state.WriteAsync();
        }

        if (Room.Info is { Status: LiveRoomStatus.Live } && now - _reportedAt >= _options.DirectoryReportInterval)
        {
            ReportToDirectory();

            // A live room stays in memory even when quiet, so it keeps counting and reporting.
            DelayDeactivation(_options.DirectoryReportInterval * 3);
        }

        // Only once the send timer has stopped too: a busy room would otherwise switch at every flush.
        if (!_feed.Ticking && !_dirty && !_holds.AnyWaitingToLapse)
        {
            KeepHouseEvery(_options.DirectoryReportInterval < IdleHousekeepingInterval ? _options.DirectoryReportInterval : IdleHousekeepingInterval);
        }
    }

    /// <summary>Chat, likes or figures changed: they reach storage within <see cref="LiveRoomOptions.StateFlushInterval"/>.</summary>
    private void MarkDirty()
    {
        _dirty = true;
        KeepHouseEvery(BusyHousekeepingPeriod);
    }

    private TimeSpan BusyHousekeepingPeriod => _options.StateFlushInterval < HousekeepingInterval ? _options.StateFlushInterval : HousekeepingInterval;

    private void KeepHouseEvery(TimeSpan period)
    {
        if (period != _housekeepingPeriod)
        {
            _housekeepingPeriod = period;
            _housekeeping.Dispose();
            _housekeeping = this.RegisterGrainTimer(Housekeeping, period, period);
        }
    }

    /// <summary>Something viewers see changed: it goes out with the room's next batch (<see cref="RoomFeed"/>).</summary>
    private void Changed() => _feed.Changed();

    /// <summary>The next batch for the viewers: what changed since the last, numbered one above it.</summary>
    private RoomUpdate NextBatch()
    {
        var viewers = Viewers;
        var (comments, deleted) = _chat.TakeBatch(Room);
        MarkDirty();
        return new RoomUpdate(
            RoomId,
            ++Room.Seq,
            comments,
            deleted,
            viewers,
            Room.Likes,
            Room.PinnedSku,
            [.. Room.Sales.Values.Select(s => s.View)],
            Room.Info!.Status,
            [.. Room.CouponDrops.Values]);
    }

    private void NoteViewers()
    {
        _feed.ViewersReported();
        var viewers = Viewers;
        if (viewers > Room.PeakViewers)
        {
            Room.PeakViewers = viewers;
            MarkDirty();
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

    private void ReportToDirectory()
    {
        _reportedAt = _time.GetUtcNow();
        _directory.Report(Stats());
    }

    private RoomSnapshot Snapshot()
    {
        var info = EnsureExists();
        return new RoomSnapshot(RoomId, info.Title, info.HostGuideId, info.Status, Viewers, Room.Likes, Room.PinnedSku, info.Shelf,
            [.. Room.Sales.Values.Select(s => s.View)], _chat.Sent(Room), Room.Seq, info.RegionId, Room.SlowModeSeconds, [.. Room.CouponDrops.Values]);
    }

    private RoomStats Stats()
    {
        var info = EnsureExists();
        var paid = _paid.Total;
        return new RoomStats(RoomId, info.Title, info.HostGuideId, info.RegionId, info.Status, Viewers, Room.PeakViewers, Room.Comments, Room.Likes,
            paid.Orders, paid.SalesAmount, _paidAfterEnd.Total.SalesAmount, info.StartedAt, info.EndedAt);
    }

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

    private LiveRoomInfo EnsureExists() =>
        Room.Info ?? throw DomainException.NotFound(ErrorCodes.UnknownLiveRoom, $"Live room '{RoomId}' does not exist.");

    private LiveRoomInfo EnsureHost(Actor actor)
    {
        var info = EnsureExists();
        return IsHost(actor, info)
            ? info
            : throw new DomainException(ErrorKind.Forbidden, ErrorCodes.NotHost, "Only the room's host guide or operations may do this.");
    }

    private static bool IsHost(Actor actor, LiveRoomInfo info) => actor.IsOps || actor.UserId == info.HostGuideId;
}
