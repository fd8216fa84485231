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
/// <see cref="SaleReturns"/>'s. The flash sales and buys are in <c>LiveRoomGrain.Sales.cs</c>, the coupon drops in
/// <c>LiveRoomGrain.Coupons.cs</c>.
/// </summary>
[Reentrant]
public sealed partial class LiveRoomGrain : Grain, ILiveRoomGrain, IRemindable
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
        if (_state.WriteFailed)
        {
            // Storage may still hold what memory has let go of (a sale's start, cut short by the failed write, that
            // the next activation must undo): the reminder stays to bring that activation.
            return;
        }

        if (_dirty)
        {
            await _state.WriteAsync();
        }

        // After a failed write of holds, storage may hold more than memory knows: the reminder stays.
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
        if (Room.SlowModeSeconds != seconds)
        {
            // Viewers see it before their next comment is refused for it.
            Room.SlowModeSeconds = seconds;
            Changed();
        }

        await _state.WriteAsync();
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

        // Only once the room has sent no batch for a while too: a busy room would otherwise switch at every flush.
        if (!_feed.Busy && !_dirty && !_holds.AnyWaitingToLapse)
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
            [.. Room.CouponDrops.Values],
            Room.SlowModeSeconds);
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

    private LiveRoomInfo EnsureExists() =>
        Room.Info ?? throw DomainException.NotFound(ErrorCodes.UnknownLiveRoom, $"Live room '{RoomId}' does not exist.");

    private LiveRoomInfo EnsureHost(Actor actor)
    {
        var info = EnsureExists();
        return IsHost(actor, info)
            ? info
            : throw new DomainException(ErrorKind.Forbidden, ErrorCodes.NotHost, "Only the room's host guide or operations may do this.");
    }

    // The host is a guide: a viewer whose member id happens to be the host's guide id is a viewer.
    private static bool IsHost(Actor actor, LiveRoomInfo info) => actor.IsOps || (actor.Role == Roles.Guide && actor.UserId == info.HostGuideId);
}
