using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Grains.Persistence;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// A store: profile, own prices, fulfilment queue (its staff alerted as it grows, <see cref="StaffAlerts"/>) and daily sales. Reentrant with coalesced writes, because every
/// confirmed reservation and paid order of the stores it fulfils from lands here; the profile is grain state, the
/// queue one row per line (<see cref="IFulfilmentQueueStore"/>) and the daily sales an append-only ledger
/// (<see cref="DailyFigures"/>), so a confirmed line or a sale writes one row however many the store holds. The rare
/// profile and price changes take a lock so they stay one step each.
/// </summary>
[Reentrant]
public sealed class StoreGrain : Grain, IStoreGrain
{
    private readonly LocalCalendar _calendar;
    private readonly ScoreAggregator _scores;
    private readonly GuideOptions _history;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly IPersistentState<StoreState> _profileStorage;
    private readonly IPersistentState<StoreQueueState> _queueStorage;
    private readonly ISalesLedger _ledger;
    private readonly IFulfilmentQueueStore _queueStore;
    private readonly TimeProvider _time;
    private readonly UserNotifier _notifier;

    private readonly WaitingFulfilments _waiting = new();

    /// <summary>The pick-up codes of orders waiting here, by order id, as <see cref="FindPickup"/> last asked them.</summary>
    private readonly Dictionary<string, string?> _pickupCodes = new(StringComparer.Ordinal);
    private StatePart<StoreState> _profile = null!;
    private GroupCommit<FulfilmentChange> _queueWrites = null!;
    private DailyFigures _sales = null!;
    private StaffAlerts _staffAlerts = null!;

    public StoreGrain(
        [PersistentState("store", StorageNames.GrainState)] IPersistentState<StoreState> profile,
        [PersistentState("store-queue", StorageNames.GrainState)] IPersistentState<StoreQueueState> queue,
        ISalesLedger ledger,
        IFulfilmentQueueStore queueStore,
        TimeProvider time,
        LocalCalendar calendar,
        IOptions<GuideOptions> history,
        ScoreAggregator scores,
        UserNotifier notifier)
    {
        _notifier = notifier;
        _profileStorage = profile;
        _queueStorage = queue;
        _ledger = ledger;
        _queueStore = queueStore;
        _time = time;
        _calendar = calendar;
        _history = history.Value;
        _scores = scores;
    }

    private string StoreId => this.GetPrimaryKeyString();

    private StoreState Live => _profile.Live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The profile is read before activation; its part starts from a copy of it.
        _profile = new StatePart<StoreState>(_profileStorage, s => s.Copy());
        _sales = new DailyFigures(_ledger, $"store/{StoreId}", _calendar, _history.HistoryDays, failed: DeactivateOnIdle);

        // A failed queue write may have landed unheard: the store must read its queue again.
        _queueWrites = new GroupCommit<FulfilmentChange>(WriteQueue, _ => DeactivateOnIdle());
        await MoveQueueStateToRows(cancellationToken);
        foreach (var line in await _queueStore.ReadWaitingAsync(StoreId, cancellationToken))
        {
            _waiting.Add(line);
        }

        _staffAlerts = new StaffAlerts(this, StoreId, _notifier, () => _waiting.Queue.Select(f => f.FulfilmentId), () => AccountListing(Live.Profile));
    }

    public async Task<StoreProfile> Define(StoreProfile profile)
    {
        if (profile.StoreId != StoreId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"The profile is for store '{profile.StoreId}', not '{StoreId}'.");
        }

        profile.Validate().ThrowIfInvalid();
        await _changes.WaitAsync();
        try
        {
            var newRegion = GrainFactory.GetGrain<IRegionGrain>(profile.RegionId);
            if (await newRegion.GetProfile() is null)
            {
                throw DomainException.Invalid(ErrorCodes.UnknownRegion, $"Region '{profile.RegionId}' does not exist.");
            }

            var previous = Live.Profile;
            var ownerAccount = AccountListing(profile);
            var owner = ownerAccount is null ? null : GrainFactory.GetGrain<IAccountStoresGrain>(ownerAccount);
            if (previous == profile && Live.RegionsToLeave.Count == 0 && Live.AccountsToLeave.Count == 0)
            {
                // A repeat: answered as stored only if the write it repeats did not fail. It still lists the store
                // with its owner account, which is how a store defined before accounts listed their stores gets there.
                await _profile.WhenAllDurable();
                if (owner is not null)
                {
                    await owner.UpsertStore(profile);
                }

                return profile;
            }

            // Register with the new region and owner before saving, and leave the old ones last: a failure part-way
            // leaves the store listed, never a saved store its region or owner does not list. What to leave is saved
            // with the change, so a retried PUT (which finds the profile already saved) still leaves it.
            await newRegion.UpsertStore(profile);
            if (owner is not null)
            {
                await owner.UpsertStore(profile);
            }

            if (previous != profile)
            {
                Live.Profile = profile;
                if (previous is not null && previous.RegionId != profile.RegionId)
                {
                    Live.RegionsToLeave.Add(previous.RegionId);
                }

                if (AccountListing(previous) is { } previousOwner && previousOwner != ownerAccount)
                {
                    Live.AccountsToLeave.Add(previousOwner);
                }

                Live.RegionsToLeave.Remove(profile.RegionId);
                if (ownerAccount is not null)
                {
                    Live.AccountsToLeave.Remove(ownerAccount);
                }

                await _profile.WriteAsync();
            }

            if (Live.RegionsToLeave.Count > 0 || Live.AccountsToLeave.Count > 0)
            {
                // Leaving is idempotent: a failure part-way has the retry leave them all again.
                foreach (var regionId in Live.RegionsToLeave)
                {
                    await GrainFactory.GetGrain<IRegionGrain>(regionId).RemoveStore(StoreId);
                }

                foreach (var accountId in Live.AccountsToLeave)
                {
                    await GrainFactory.GetGrain<IAccountStoresGrain>(accountId).RemoveStore(StoreId);
                    await _notifier.EndStoreWatch(StoreId, Roles.Dealer, accountId);
                }

                Live.RegionsToLeave.Clear();
                Live.AccountsToLeave.Clear();
                await _profile.WriteAsync();
            }

            return profile;
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task<StoreProfile?> GetProfile() => Task.FromResult(Live.Profile);

    /// <summary>The owner account whose list of franchise stores holds a store with this profile, if any.</summary>
    private static string? AccountListing(StoreProfile? profile) =>
        profile is { Ownership: StoreOwnership.Franchise } ? profile.OwnerAccountId : null;

    public async Task<StoreCatalogEntry> SetCatalogEntry(StoreCatalogEntry entry)
    {
        entry = entry with { Promotion = string.IsNullOrWhiteSpace(entry.Promotion) ? null : entry.Promotion.Trim() };
        entry.Validate().ThrowIfInvalid();
        EnsureDefined();
        await _changes.WaitAsync();
        try
        {
            if (await GrainFactory.GetGrain<ISkuGrain>(entry.Sku).GetProfile() is null)
            {
                throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{entry.Sku}' does not exist.");
            }

            if (Live.Catalog.GetValueOrDefault(entry.Sku) != entry)
            {
                Live.Catalog[entry.Sku] = entry;
                await _profile.WriteAsync();
            }
            else
            {
                await _profile.WhenAllDurable();
            }

            return entry;
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task<ImmutableDictionary<string, StoreCatalogEntry>> GetCatalog() => Task.FromResult(Live.Catalog.ToImmutableDictionary());

    public async Task<StorePage> GetPage(string? after = null, int? take = null, string? search = null)
    {
        var profile = EnsureDefined();
        var skus = GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).GetAll();
        var availability = await GrainFactory.GetGrain<IRegionStockGrain>(profile.RegionId).GetAvailability();
        var master = await skus;

        // The store sells what its region stocks and whatever it has priced itself. A page takes one SKU more than asked,
        // which says whether another follows.
        var sold = availability.Keys.Union(Live.Catalog.Keys)
            .Where(sku => master.TryGetValue(sku, out var product)
                && (after is null || string.CompareOrdinal(sku, after) > 0)
                && (search is null || product.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || sku.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal);
        var items = (take is { } pageSize ? sold.Take(pageSize + 1) : sold)
            .Select(sku => PageItem(master[sku], availability.GetValueOrDefault(sku)))
            .ToImmutableArray();
        return take is { } size && items.Length > size
            ? new StorePage(profile, items[..size], items[size - 1].Sku)
            : new StorePage(profile, items);
    }

    public async Task<StorePageItem?> GetPageItem(string sku)
    {
        var profile = EnsureDefined();
        var product = GrainFactory.GetGrain<ISkuGrain>(sku).GetProfile();
        var available = await GrainFactory.GetGrain<IRegionStockGrain>(profile.RegionId).GetAvailable(sku);

        // Sold here by the page's own rule: the region stocks it or this store has priced it.
        return await product is { } found && (available is not null || Live.Catalog.ContainsKey(sku)) ? PageItem(found, available ?? 0) : null;
    }

    private StorePageItem PageItem(SkuProfile product, long available)
    {
        var own = Live.Catalog.GetValueOrDefault(product.Sku);
        return new StorePageItem(product.Sku, product.Name, product.ListPrice, own?.Price ?? product.ListPrice, own?.Promotion, available);
    }

    public async Task EnqueueFulfilment(FulfilmentLine line)
    {
        // Storage recognises a line it knows, waiting or done, so a repeated confirm never queues a shipped line again.
        if (_waiting.Contains(line.LineId))
        {
            await _queueWrites.WhenAllDurable();
            return;
        }

        await _queueWrites.Append([new FulfilmentChange(line, DoneAt: null)]);
    }

    public Task<ImmutableArray<StoreFulfilment>> GetFulfilmentQueue(FulfilmentMode? mode = null, int? take = null) =>
        Task.FromResult(mode is null && take is null
            ? _waiting.Queue
            : _waiting.Queue.Where(f => mode is null || f.Mode == mode).Take(take ?? int.MaxValue).ToImmutableArray());

    public async Task<StoreFulfilmentSummary> GetFulfilmentSummary()
    {
        var profile = EnsureDefined();
        var queue = await GetFulfilmentQueue();
        return new StoreFulfilmentSummary(
            StoreId,
            profile.Name,
            queue.Length,
            queue.Count(f => f.Mode == FulfilmentMode.Ship),
            queue.Count(f => f.Mode == FulfilmentMode.Pickup),
            queue.FirstOrDefault()?.ConfirmedAt); // the queue is the oldest first
    }

    public async Task<StoreFulfilment> FindPickup(string pickupCode)
    {
        // The codes are the orders' own: each order waiting here to be picked up is asked once (a code never changes),
        // so a busy counter's lookups ask only the orders queued since the last one.
        var pickups = (await GetFulfilmentQueue(FulfilmentMode.Pickup)).Where(f => f.OrderId is not null).ToList();
        var unasked = pickups.Where(f => !_pickupCodes.ContainsKey(f.OrderId!)).ToList();
        var orders = await Task.WhenAll(unasked.Select(f => GrainFactory.GetGrain<IOrderGrain>(f.OrderId!).Get()));
        foreach (var (pickup, order) in unasked.Zip(orders))
        {
            _pickupCodes[pickup.OrderId!] = order?.PickupCode;
        }

        var waiting = pickups.Select(f => f.OrderId!).ToHashSet(StringComparer.Ordinal);
        foreach (var handedOver in _pickupCodes.Keys.Where(orderId => !waiting.Contains(orderId)).ToList())
        {
            _pickupCodes.Remove(handedOver);
        }

        var matching = pickups.Where(f => _pickupCodes.GetValueOrDefault(f.OrderId!) == pickupCode).ToList();
        return matching switch
        {
            [var found] => found,
            [] => throw DomainException.NotFound(ErrorCodes.UnknownPickupCode, $"No order waiting to be picked up at store '{StoreId}' has that code."),
            _ => throw DomainException.Conflict(ErrorCodes.PickupCodeAmbiguous, $"{matching.Count} orders waiting here share that code: find the member's among the store's orders."),
        };
    }

    public async Task CompleteFulfilment(string fulfilmentId)
    {
        // Lines being added right now are waited for, so they are marked done too.
        await _queueWrites.WhenAllDurable();
        var now = _time.GetUtcNow();
        var done = _waiting.LinesOf(fulfilmentId).Select(l => new FulfilmentChange(l, now)).ToList();
        if (done.Count > 0)
        {
            await _queueWrites.Append(done);
        }
    }

    public async Task<ReservationFulfilment> FulfilReservation(string sku, string reservationId)
    {
        EnsureDefined();

        // Storage says what the line is, and whether it is done: also for a line long done, which the grain forgets. As
        // in CompleteFulfilment, a line being added right now is waited for first, so it is found.
        await _queueWrites.WhenAllDurable();
        var known = await FindLine(sku, reservationId);
        if (known.Line.OrderId is { } orderId)
        {
            throw DomainException.Unprocessable(ErrorCodes.ReservationOfOrder, $"Reservation '{reservationId}' is order '{orderId}''s: fulfil the order.");
        }

        if (known.DoneAt is null)
        {
            // Read back after marking it, so two staff at once (or a retry) are told the time it was first marked done.
            await _queueWrites.Append([new FulfilmentChange(known.Line, _time.GetUtcNow())]);
            known = await FindLine(sku, reservationId);
        }

        var line = known.Line;
        return new ReservationFulfilment(StoreId, line.FulfilmentId, line.ReservationId, line.Sku, line.Quantity, line.Mode, line.ConfirmedAt, known.DoneAt!.Value);
    }

    private async Task<FulfilmentChange> FindLine(string sku, string reservationId) =>
        await _queueStore.FindAsync(StoreId, sku, reservationId)
            ?? throw DomainException.NotFound(ErrorCodes.UnknownReservation, $"Store '{StoreId}' has no reservation '{reservationId}' of SKU '{sku}' to fulfil.");

    public async Task RecordSale(string saleId, long amount, DateTimeOffset at)
    {
        var date = _calendar.DayOf(at);
        await _sales.CountAsync(new SalesEntry(saleId, date, amount, Orders: 0, NewMembers: 0, Commission: 0));

        // Also for a repeat: the earlier report may not have reached the boards (the caller retries until this returns).
        if (Live.Profile is { } profile)
        {
            var day = await _sales.GetAsync(date);
            await _scores.Report(new ScoreFact(
                ScoreSubject.Store, StoreId, profile.Name, date, profile.RegionId, TeamId: null, day.SalesAmount, 0, 0, 0, []));
        }
    }

    private StoreProfile EnsureDefined() =>
        Live.Profile ?? throw DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{StoreId}' does not exist.");

    /// <summary>One write for a batch of queue changes; the queue in memory shows what storage has.</summary>
    private async Task WriteQueue(IReadOnlyList<FulfilmentChange> batch)
    {
        var added = await _queueStore.ApplyAsync(StoreId, batch);
        foreach (var line in added)
        {
            _waiting.Add(line);
        }

        foreach (var change in batch.Where(c => c.DoneAt is not null))
        {
            _waiting.Remove(change.Line.LineId);
        }

        if (added.Count > 0)
        {
            _staffAlerts.QueueGrew();
        }
    }

    /// <summary>
    /// Queues stored before 2026-12-01 were one grain state, rewritten whole with every line: their waiting lines move
    /// to the queue store once (a repeat adds nothing), then the state is cleared.
    /// </summary>
    private async Task MoveQueueStateToRows(CancellationToken cancellationToken)
    {
        if (_queueStorage.State.Lines.Count > 0)
        {
            await _queueStore.ApplyAsync(StoreId, [.. _queueStorage.State.Lines.Values.Select(l => new FulfilmentChange(l, DoneAt: null))], cancellationToken);
            await _queueStorage.ClearStateAsync(cancellationToken);
        }
    }
}
