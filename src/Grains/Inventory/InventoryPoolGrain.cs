using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// The stock of one SKU in one region. Reentrant: every request checks and changes the books in one synchronous
/// step (so two requests can never both take the last unit), records its ledger lines, and then awaits the group
/// commit they share with every other request of the moment (<see cref="PoolJournal"/>). The ledger is the truth; a
/// snapshot of the books is written only once enough lines have accumulated, so a write costs the same with 10 or
/// 100,000 open reservations.
/// </summary>
[Reentrant]
public sealed partial class InventoryPoolGrain : Grain, IInventoryPoolGrain, IRemindable
{
    private const int MaxLedgerPage = 1000;
    private const int MaxAlternatives = 3;

    // Shared by every pool in the process (a silo): in an outage they all fail alike.
    private static readonly LogThrottle PublishFailures = new(TimeSpan.FromSeconds(10));

    private readonly InventoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InventoryPoolGrain> _logger;
    private readonly OrderExpiries _orderExpiries;

    /// <summary>How much longer than its order an order's reservation lasts (<see cref="OrderOptions.ConfirmGrace"/>).</summary>
    private readonly TimeSpan _orderConfirmGrace;
    private readonly GrainMetrics _metrics;
    private readonly PoolJournal _journal;
    private readonly AvailabilityPublishing _publishing;
    private readonly StockWatchers _watchers;

    /// <summary>Brings the pool back within a minute of a restart while reservations are open, so they lapse on time.</summary>
    private readonly WakeUpReminder _wakeUp;
    private readonly SortedSet<(DateTimeOffset ExpiresAt, string ReservationId)> _expiryOrder = [];

    private string _sku = "";
    private string _regionId = "";
    private bool _skuAndRegionExist;
    private Dictionary<string, StoreProfile> _directory = [];
    private DateTimeOffset _directoryLoadedAt = DateTimeOffset.MinValue;
    private IAsyncStream<StockAvailability> _availability = null!;

    public InventoryPoolGrain(
        [PersistentState("pool", StorageNames.GrainState)] IPersistentState<PoolBook> snapshot,
        IStockLedger ledger,
        IOptions<InventoryOptions> options,
        TimeProvider time,
        OrderExpiries orderExpiries,
        IOptions<OrderOptions> orderOptions,
        GrainMetrics metrics,
        ILogger<InventoryPoolGrain> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _orderExpiries = orderExpiries;
        _orderConfirmGrace = orderOptions.Value.ConfirmGrace;
        _metrics = metrics;
        _journal = new PoolJournal(PoolId, snapshot, ledger, _options, time, logger, metrics, LedgerWriteFailed);
        _wakeUp = new WakeUpReminder(this, "reservation-expiry", logger);
        _publishing = new AvailabilityPublishing(_options, time);
        _watchers = new StockWatchers(this, PoolId, _options, time, logger, () => View(_time.GetUtcNow()), () => Book.Seq);
    }

    private string PoolId => this.GetPrimaryKeyString();

    private PoolBook Book => _journal.Book;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_sku, _regionId) = PoolKey.Parse(PoolId);
        _availability = AvailabilityStream.Of(this, _regionId);

        await _journal.LoadAsync(cancellationToken);

        foreach (var reservation in Book.Open.Values)
        {
            _expiryOrder.Add((reservation.ExpiresAt, reservation.ReservationId));

            // The silo watches unpaid orders in memory only; after a restart the pool, which stores their
            // reservations, has it watch them again, at the order's own expiry (its reservation lasts the grace longer;
            // an order asked too early is watched again at its time).
            if (reservation.OrderId is { } orderId)
            {
                _orderExpiries.WatchIfUnknown(orderId, reservation.ExpiresAt - _orderConfirmGrace);
            }
        }

        this.RegisterGrainTimer(Sweep, _options.SweepInterval, _options.SweepInterval);
        if (Book.Open.Count > 0)
        {
            await _wakeUp.EnsureAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _watchers.Closing(_regionId, _sku);
        await _journal.SnapshotWrite;
        if (Book.Open.Count == 0 && _journal.Failure is null)
        {
            await _wakeUp.RemoveAsync(reason);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _wakeUp.Fired();
        return Sweep(CancellationToken.None);
    }

    public async Task<StoreStock> SetOnHand(string storeId, long onHand)
    {
        var view = await SetOnHandMany([new StoreCount(storeId, onHand)]);
        return view.Stores.Single(s => s.StoreId == storeId);
    }

    public async Task<InventoryView> SetOnHandMany(ImmutableArray<StoreCount> counts)
    {
        var validation = new Validation().Require(!counts.IsDefaultOrEmpty, "counts", "At least one store count is required.");
        foreach (var count in counts.IsDefault ? [] : counts)
        {
            validation.RequireId(count.StoreId, "storeId").RequireOnHand(count.OnHand);
        }

        validation.ThrowIfInvalid();
        await EnsureReady();
        foreach (var count in counts)
        {
            await EnsureStoreInRegion(count.StoreId);
        }

        var lines = await CheckAfterLapses(_time.GetUtcNow(), () =>
        {
            foreach (var count in counts)
            {
                var reserved = Book.CounterOf(count.StoreId).Reserved;
                if (count.OnHand < reserved)
                {
                    throw DomainException.Conflict(ErrorCodes.StockBelowReserved,
                        $"Store '{count.StoreId}' has {reserved} units reserved; on hand cannot be set to {count.OnHand}.");
                }
            }
        });
        foreach (var count in counts)
        {
            var counter = Book.CounterOf(count.StoreId);
            _journal.Record(lines, StockMovementKind.Set, count.StoreId, count.OnHand - counter.OnHand, 0);
        }

        await _journal.Append(lines);
        AnnounceChange(force: true);
        return View(_time.GetUtcNow());
    }

    public async Task<StoreStock> Adjust(string adjustmentId, string storeId, long delta, string reason)
    {
        new Validation()
            .RequireId(adjustmentId, "adjustmentId")
            .RequireId(storeId, "storeId")
            .RequireAdjustment(delta)
            .RequireName(reason, "reason")
            .ThrowIfInvalid();
        await EnsureReady();
        await EnsureStoreInRegion(storeId);

        if (Book.Adjustments.TryGetValue(adjustmentId, out var applied))
        {
            if (applied.StoreId != storeId || applied.Delta != delta)
            {
                throw DomainException.Conflict(ErrorCodes.AdjustmentConflict, $"Adjustment '{adjustmentId}' was already applied with different values.");
            }

            await _journal.WhenAllDurable();
            return StockOf(storeId);
        }

        var counter = Book.CounterOf(storeId);
        var lines = await CheckAfterLapses(_time.GetUtcNow(), () =>
        {
            if (counter.OnHand + delta < 0)
            {
                throw DomainException.Unprocessable(ErrorCodes.NegativeStock,
                    $"Store '{storeId}' has {counter.OnHand} on hand; a change of {delta} would make it negative.");
            }

            if (counter.OnHand + delta > StoreCount.MaxOnHand)
            {
                throw DomainException.Invalid(ErrorCodes.ValidationFailed,
                    $"Store '{storeId}' has {counter.OnHand} on hand; a change of {delta} would take it above 1,000,000,000.");
            }

            if (counter.OnHand + delta < counter.Reserved)
            {
                throw DomainException.Conflict(ErrorCodes.StockBelowReserved,
                    $"Store '{storeId}' has {counter.Reserved} units reserved; a change of {delta} would leave only {counter.OnHand + delta} on hand.");
            }
        });
        _journal.Record(lines, StockMovementKind.Adjust, storeId, delta, 0, adjustmentId, reason.Trim());
        await _journal.Append(lines);
        AnnounceChange(force: true);
        return StockOf(storeId);
    }

    public async Task<InventoryView> SetSafetyStock(long safetyStock)
    {
        new Validation().Require(safetyStock is >= 0 and <= StoreCount.MaxOnHand, "safetyStock", "safetyStock must be between 0 and 1,000,000,000.").ThrowIfInvalid();
        await EnsureReady();
        if (safetyStock != Book.SafetyStock)
        {
            await _journal.Append(_journal.RecordSafetyStock(safetyStock));
            AnnounceChange(force: true);
        }

        return View(_time.GetUtcNow());
    }

    public async Task<Reservation> Reserve(ReservationRequest request)
    {
        try
        {
            var reservation = await Take(request);
            _metrics.Reserved();
            return reservation;
        }
        catch (DomainException refused)
        {
            _metrics.ReservationRefused(refused.Code);
            throw;
        }
    }

    private async Task<Reservation> Take(ReservationRequest request)
    {
        request.Validate()
            .Require(request.TtlSeconds is null || TimeSpan.FromSeconds(request.TtlSeconds.Value) <= _options.MaxReservationTtl,
                "ttlSeconds", $"ttlSeconds must be at most {_options.MaxReservationTtl.TotalSeconds:0}.")
            .ThrowIfInvalid();
        await EnsureReady();
        if (request.Mode == FulfilmentMode.Pickup)
        {
            await EnsureStoreInRegion(request.PickupStoreId!);
        }

        // From here to the append there is no await: checking the stock and taking it is one step.
        var now = _time.GetUtcNow();
        if (TryReplay(request, now, out var replay))
        {
            await _journal.WhenAllDurable();
            return replay;
        }

        var allocations = ImmutableArray<Allocation>.Empty;
        var lines = await CheckAfterLapses(now, () =>
        {
            EnsureWithinHoldLimit(request);
            allocations = request.Mode == FulfilmentMode.Pickup ? AllocatePickup(request) : AllocateShip(request);
        });
        var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.DefaultReservationTtl;
        var expiresAt = now + ttl;
        foreach (var allocation in allocations)
        {
            _journal.Record(lines, StockMovementKind.Reserve, allocation.StoreId, 0, allocation.Quantity, request.ReservationId,
                ReserveReasons.For(request.Mode), expiresAt, allocation.DistanceKm, request.OrderId, request.OwnerId);
        }

        _expiryOrder.Add((expiresAt, request.ReservationId));
        var reservation = Book.Open[request.ReservationId].ToReservation(_sku, _regionId);
        await _journal.Append(lines);
        AnnounceChange();
        await _wakeUp.EnsureAsync();
        return reservation;
    }

    public async Task<Reservation?> GetReservation(string reservationId)
    {
        await EnsureReady();
        var held = Book.Open.GetValueOrDefault(reservationId) ?? Book.Closed.GetValueOrDefault(reservationId);
        if (held is null)
        {
            return null;
        }

        var reservation = held.ToReservation(_sku, _regionId);
        return held.Status == ReservationStatus.Held && held.ExpiresAt <= _time.GetUtcNow()
            ? reservation with { Status = ReservationStatus.Expired }
            : reservation;
    }

    public async Task<InventoryView> GetInventory()
    {
        await EnsureReady();
        return View(_time.GetUtcNow());
    }

    public async Task Watch(string edgeId, IScoreboardObserver edge, int watchers)
    {
        await EnsureReady();
        _watchers.Report(edgeId, edge, watchers);
    }

    public async Task<StockUpdate> GetStock()
    {
        await EnsureReady();
        return new StockUpdate(_watchers.Seq, View(_time.GetUtcNow()));
    }

    public async Task<LedgerPage> GetLedger(long after, int take)
    {
        new Validation()
            .Require(after >= 0, "after", "after must not be negative.")
            .Require(take is >= 1 and <= MaxLedgerPage, "take", $"take must be between 1 and {MaxLedgerPage}.")
            .ThrowIfInvalid();
        await EnsureReady();
        var lines = await _journal.ReadAsync(after, take);
        return new LedgerPage([.. lines], lines.Count > 0 ? lines[^1].Seq : after, lines.Count == take);
    }

    public async Task<LedgerPage> GetLedgerTail(int take)
    {
        new Validation().Require(take is >= 1 and <= MaxLedgerPage, "take", $"take must be between 1 and {MaxLedgerPage}.").ThrowIfInvalid();
        await EnsureReady();
        // The lines recorded until now, whether stored yet or not (the read waits for them to be), and none recorded
        // while it waits: the tail as it is now, with nothing more after it.
        var last = Book.Seq;
        var after = Math.Max(0, last - take);
        var lines = last == after ? [] : await _journal.ReadAsync(after, (int)(last - after));
        return new LedgerPage([.. lines], last, HasMore: false);
    }

    private bool TryReplay(ReservationRequest request, DateTimeOffset now, out Reservation reservation)
    {
        var id = request.ReservationId;
        var held = Book.Open.GetValueOrDefault(id) ?? Book.Closed.GetValueOrDefault(id);
        if (held is null)
        {
            reservation = null!;
            return false;
        }

        if (!held.Matches(request))
        {
            throw DomainException.Conflict(ErrorCodes.ReservationConflict, $"Reservation id '{id}' was already used for a different request.");
        }

        reservation = held.Status switch
        {
            ReservationStatus.Held when held.ExpiresAt <= now => throw Expired(id),
            ReservationStatus.Held => held.ToReservation(_sku, _regionId),
            ReservationStatus.Confirmed => throw DomainException.Conflict(ErrorCodes.ReservationConfirmed, $"Reservation '{id}' is already confirmed."),
            ReservationStatus.Expired => throw Expired(id),
            _ => throw DomainException.Conflict(ErrorCodes.ReservationReleased, $"Reservation '{id}' was released."),
        };
        return true;
    }

    /// <summary>A member's reservations, their own and their orders', hold at most <see cref="InventoryOptions.MaxHeldPerMember"/> units of this pool at once.</summary>
    private void EnsureWithinHoldLimit(ReservationRequest request)
    {
        if (request.OwnerId is { } owner && Book.HeldBy(owner) is var held && held + request.Quantity > _options.MaxHeldPerMember)
        {
            throw DomainException.Conflict(ErrorCodes.HoldLimit,
                $"A member may hold at most {_options.MaxHeldPerMember} units of '{_sku}' in region '{_regionId}' at once; you hold {held} in open reservations and unpaid orders.");
        }
    }

    private ImmutableArray<Allocation> AllocateShip(ReservationRequest request)
    {
        var candidates = new List<StockAllocator.Candidate>(_directory.Count);
        long free = 0;
        foreach (var store in _directory.Values)
        {
            if (store.CanShip && Book.CounterOf(store.StoreId).Free is > 0 and var storeFree)
            {
                candidates.Add(new StockAllocator.Candidate(store.StoreId, storeFree, DistanceKm(request.Position, store)));
                free += storeFree;
            }
        }

        var shippable = Math.Min(Available, free);
        if (request.Quantity > shippable || StockAllocator.Ship(request.Quantity, candidates) is not { } allocations)
        {
            throw DomainException.Conflict(ErrorCodes.InsufficientStock,
                $"Only {shippable} of {request.Quantity} units can ship from stores in region '{_regionId}'.",
                new InsufficientStockDetails(shippable, []));
        }

        return allocations;
    }

    private ImmutableArray<Allocation> AllocatePickup(ReservationRequest request)
    {
        var store = _directory[request.PickupStoreId!];
        if (!store.CanPickup)
        {
            throw DomainException.Unprocessable(ErrorCodes.PickupNotAvailable, $"Store '{store.StoreId}' does not offer pick-up.");
        }

        var free = Math.Min(Book.CounterOf(store.StoreId).Free, Available);
        if (request.Quantity <= free)
        {
            return [new Allocation(store.StoreId, request.Quantity, DistanceKm(request.Position, store))];
        }

        var alternatives = Available < request.Quantity
            ? []
            : _directory.Values
                .Where(s => s.CanPickup && s.StoreId != store.StoreId && Book.CounterOf(s.StoreId).Free >= request.Quantity)
                .Select(s => new StoreAvailability(s.StoreId, Book.CounterOf(s.StoreId).Free, DistanceKm(request.Position, s)))
                .OrderBy(s => s.DistanceKm)
                .ThenBy(s => s.StoreId, StringComparer.Ordinal)
                .Take(MaxAlternatives)
                .ToImmutableArray();
        throw DomainException.Conflict(ErrorCodes.InsufficientStock,
            $"Store '{store.StoreId}' has only {Math.Max(0, free)} of {request.Quantity} units for pick-up"
            + (alternatives.IsEmpty ? "." : $"; nearest stores that have them: {string.Join(", ", alternatives.Select(a => a.StoreId))}."),
            new InsufficientStockDetails(Math.Max(0, free), alternatives));
    }

    /// <summary>What the region's stores (as this pool last read them) can still give; see <see cref="PoolBook.AvailableAt"/>.</summary>
    private long Available => Book.AvailableAt(_directory);

    private static double DistanceKm(GeoPoint from, StoreProfile store) => Math.Round(from.DistanceKmTo(store.Position), 3);

    /// <summary>
    /// Expires what is due, then runs a request's checks against books that no longer count it, as every read already
    /// does: a lapse not yet swept must not refuse a stock change or a reservation. Answers the lapse lines, for the
    /// caller to append with its own. Refused, the lapses still go to the ledger (they are in the books already), or
    /// the next line would follow lines the ledger never got. Completes at once unless refused, so the caller records
    /// its change in the same step as the checks.
    /// </summary>
    private async Task<List<StockMovement>> CheckAfterLapses(DateTimeOffset now, Action check)
    {
        var lines = ExpireDue(now);
        try
        {
            check();
            return lines;
        }
        catch (DomainException) when (lines.Count > 0)
        {
            await _journal.Append(lines);
            AnnounceChange();
            throw;
        }
    }

    /// <summary>Expires every open reservation whose time is up; returns the ledger lines (already applied).</summary>
    private List<StockMovement> ExpireDue(DateTimeOffset now)
    {
        var lines = new List<StockMovement>();
        while (_expiryOrder.Count > 0 && _expiryOrder.Min.ExpiresAt <= now)
        {
            var (_, id) = _expiryOrder.Min;
            _expiryOrder.Remove(_expiryOrder.Min);
            if (Book.Open.TryGetValue(id, out var due))
            {
                lines.AddRange(Close(due, StockMovementKind.Expire));
            }
        }

        return lines;
    }

    private List<StockMovement> Close(HeldReservation reservation, StockMovementKind kind)
    {
        _expiryOrder.Remove((reservation.ExpiresAt, reservation.ReservationId));
        var lines = new List<StockMovement>(reservation.Allocations.Length);
        foreach (var allocation in reservation.Allocations)
        {
            var onHandDelta = kind == StockMovementKind.Confirm ? -allocation.Quantity : 0;
            _journal.Record(lines, kind, allocation.StoreId, onHandDelta, -allocation.Quantity, reservation.ReservationId, orderId: reservation.OrderId);
        }

        return lines;
    }

    /// <summary>Memory may now be ahead of the ledger: stop serving and rebuild from the ledger on the next activation.</summary>
    private void LedgerWriteFailed(Exception ex)
    {
        Log.LedgerWriteFailed(_logger, PoolId, ex);
        DeactivateOnIdle();
    }

    private async Task Sweep(CancellationToken cancellationToken)
    {
        if (_journal.Failure is not null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        _watchers.ForgetSilent();
        Book.ForgetBefore(now - _options.IdempotencyRetention, now - _options.AdjustmentRetention);
        var lines = ExpireDue(now);
        if (lines.Count > 0)
        {
            await _journal.Append(lines);
        }

        if (_directoryLoadedAt == DateTimeOffset.MinValue)
        {
            // Brought back by its reminder, nobody has called: what it publishes counts the region's stores.
            await LoadDirectory();
        }

        AnnounceChange(force: true);
    }

    /// <summary>
    /// The books moved (or, <paramref name="force"/>d by a sweep or a hand-set count, may have): publishes what is
    /// available on the region's <see cref="AvailabilityStream"/> when <see cref="AvailabilityPublishing"/> says so, and
    /// pushes the counts to those watching when <see cref="StockWatchers"/> says so. Nothing goes while the ledger's write
    /// failed: memory may be ahead of it.
    /// </summary>
    private void AnnounceChange(bool force = false)
    {
        if (_journal.Failure is not null)
        {
            return;
        }

        var available = Available;
        if (_publishing.ShouldPublish(available, force))
        {
            _ = Publish(new StockAvailability(_sku, available, _publishing.Version));
        }

        _watchers.Changed();
    }

    /// <summary>
    /// Nobody waits for it: the figure is for store pages, never for a reservation. One that could not be published is
    /// published again by the next sweep; failures are logged once per interval per silo, as they come all at once in an outage.
    /// </summary>
    private async Task Publish(StockAvailability availability)
    {
        try
        {
            await _availability.OnNextAsync(availability);
        }
        catch (Exception ex)
        {
            _publishing.Failed();
            if (PublishFailures.TryLog(out var heldBack))
            {
                Log.AvailabilityNotPublished(_logger, PoolId, heldBack, ex);
            }
        }
    }

    private async Task EnqueueFulfilment(HeldReservation reservation)
    {
        var confirmedAt = reservation.ClosedAt ?? _time.GetUtcNow();
        await Task.WhenAll(reservation.Allocations.Select(a => GrainFactory.GetGrain<IStoreGrain>(a.StoreId)
            .EnqueueFulfilment(new FulfilmentLine(reservation.ReservationId, _sku, a.Quantity, reservation.Mode, reservation.OrderId, confirmedAt))));
    }

    private async Task EnsureReady()
    {
        if (_journal.Failure is not null)
        {
            throw new DomainException(ErrorKind.Unavailable, ErrorCodes.Unavailable,
                $"Pool {PoolId} is recovering from a failed write; retry with the same id.");
        }

        if (!_skuAndRegionExist)
        {
            var sku = GrainFactory.GetGrain<ISkuGrain>(_sku).GetProfile();
            var region = GrainFactory.GetGrain<IRegionGrain>(_regionId).GetProfile();
            if (await sku is null)
            {
                throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{_sku}' does not exist.");
            }

            if (await region is null)
            {
                throw DomainException.NotFound(ErrorCodes.UnknownRegion, $"Region '{_regionId}' does not exist.");
            }

            _skuAndRegionExist = true;
        }

        if (_time.GetUtcNow() - _directoryLoadedAt > _options.StoreDirectoryRefresh)
        {
            await LoadDirectory();
        }
    }

    private async Task LoadDirectory()
    {
        var stores = await GrainFactory.GetGrain<IRegionGrain>(_regionId).GetStores();
        _directory = stores.ToDictionary(s => s.StoreId);
        _directoryLoadedAt = _time.GetUtcNow();
    }

    private async Task EnsureStoreInRegion(string storeId)
    {
        if (_directory.ContainsKey(storeId))
        {
            return;
        }

        await LoadDirectory();
        if (_directory.ContainsKey(storeId))
        {
            return;
        }

        var store = await GrainFactory.GetGrain<IStoreGrain>(storeId).GetProfile();
        throw store is null
            ? DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.")
            : DomainException.Unprocessable(ErrorCodes.StoreNotInRegion, $"Store '{storeId}' is in region '{store.RegionId}', not '{_regionId}'.");
    }

    private HeldReservation Closed(string reservationId) =>
        Book.Closed.GetValueOrDefault(reservationId)
        ?? throw DomainException.NotFound(ErrorCodes.UnknownReservation, $"Reservation '{reservationId}' does not exist in pool {PoolId}.");

    private static DomainException Expired(string reservationId) =>
        DomainException.Conflict(ErrorCodes.ReservationExpired, $"Reservation '{reservationId}' expired before it was confirmed.");

    private StoreStock StockOf(string storeId)
    {
        var counter = Book.CounterOf(storeId);
        return new StoreStock(storeId, counter.OnHand, counter.Reserved);
    }

    /// <summary>The books as a client sees them: reservations whose time is up count as released even before the sweep.</summary>
    private InventoryView View(DateTimeOffset now)
    {
        var lapsed = new Dictionary<string, long>();
        foreach (var (expiresAt, id) in _expiryOrder)
        {
            if (expiresAt > now)
            {
                break;
            }

            foreach (var allocation in Book.Open.GetValueOrDefault(id)?.Allocations ?? [])
            {
                lapsed[allocation.StoreId] = lapsed.GetValueOrDefault(allocation.StoreId) + allocation.Quantity;
            }
        }

        var stores = Book.Stores
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new StoreStock(s.Key, s.Value.OnHand, s.Value.Reserved - lapsed.GetValueOrDefault(s.Key)))
            .ToImmutableArray();
        var onHand = stores.Sum(s => s.OnHand);
        var reserved = stores.Sum(s => s.Reserved);
        var free = stores.Where(s => _directory.ContainsKey(s.StoreId)).Sum(s => s.OnHand - s.Reserved);
        return new InventoryView(_sku, _regionId, Math.Max(0, free - Book.SafetyStock), onHand, reserved, Book.SafetyStock, stores);
    }
}
