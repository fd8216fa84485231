using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// A store: profile, own prices, fulfilment queue and daily sales. Reentrant with coalesced writes, because every
/// confirmed reservation and paid order of the stores it fulfils from lands here; the rare profile and price changes
/// take a lock so they stay one step each.
/// </summary>
[Reentrant]
public sealed class StoreGrain : Grain, IStoreGrain
{
    private readonly IPersistentState<StoreState> _state;
    private readonly LocalCalendar _calendar;
    private readonly GuideOptions _history;
    private readonly CoalescedWriter _writer;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private StoreState _live = new();

    public StoreGrain(
        [PersistentState("store", StorageNames.GrainState)] IPersistentState<StoreState> state,
        LocalCalendar calendar,
        IOptions<GuideOptions> history)
    {
        _state = state;
        _calendar = calendar;
        _history = history.Value;
        _writer = new CoalescedWriter(Save);
    }

    private string StoreId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = _state.State.Copy();
        return Task.CompletedTask;
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

            var previous = _live.Profile;
            if (previous == profile)
            {
                return profile;
            }

            // Register with the new region before saving, and leave the old one last: a failure part-way
            // leaves the store listed (and the PUT can simply be retried), never a saved store no region lists.
            await newRegion.UpsertStore(profile);
            _live.Profile = profile;
            await _writer.WriteAsync();
            if (previous is not null && previous.RegionId != profile.RegionId)
            {
                await GrainFactory.GetGrain<IRegionGrain>(previous.RegionId).RemoveStore(StoreId);
            }

            return profile;
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task<StoreProfile?> GetProfile() => Task.FromResult(_live.Profile);

    public async Task<StoreCatalogEntry> SetCatalogEntry(StoreCatalogEntry entry)
    {
        entry = entry with { Promotion = string.IsNullOrWhiteSpace(entry.Promotion) ? null : entry.Promotion.Trim() };
        entry.Validate().ThrowIfInvalid();
        EnsureDefined();
        if (await GrainFactory.GetGrain<ISkuGrain>(entry.Sku).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{entry.Sku}' does not exist.");
        }

        if (_live.Catalog.GetValueOrDefault(entry.Sku) != entry)
        {
            _live.Catalog[entry.Sku] = entry;
            await _writer.WriteAsync();
        }

        return entry;
    }

    public Task<ImmutableDictionary<string, StoreCatalogEntry>> GetCatalog() => Task.FromResult(_live.Catalog.ToImmutableDictionary());

    public async Task<StorePage> GetPage()
    {
        var profile = EnsureDefined();
        var skus = GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).GetAll();
        var availability = await GrainFactory.GetGrain<IRegionStockGrain>(profile.RegionId).GetAvailability();
        var master = await skus;

        // The store sells what its region stocks and whatever it has priced itself.
        var items = availability.Keys.Union(_live.Catalog.Keys)
            .Where(master.ContainsKey)
            .Order(StringComparer.Ordinal)
            .Select(sku =>
            {
                var product = master[sku];
                var own = _live.Catalog.GetValueOrDefault(sku);
                return new StorePageItem(sku, product.Name, product.ListPrice, own?.Price ?? product.ListPrice, own?.Promotion, availability.GetValueOrDefault(sku));
            })
            .ToImmutableArray();
        return new StorePage(profile, items);
    }

    public async Task EnqueueFulfilment(FulfilmentLine line)
    {
        if (_live.Fulfilment.TryAdd(line.ReservationId, line))
        {
            await _writer.WriteAsync();
        }
    }

    public Task<ImmutableArray<StoreFulfilment>> GetFulfilmentQueue() =>
        Task.FromResult(_live.Fulfilment.Values
            .GroupBy(l => l.FulfilmentId)
            .Select(g => new StoreFulfilment(g.Key, g.First().OrderId, g.First().Mode, [.. g.OrderBy(l => l.Sku, StringComparer.Ordinal)], g.Min(l => l.ConfirmedAt)))
            .OrderBy(f => f.ConfirmedAt)
            .ThenBy(f => f.FulfilmentId, StringComparer.Ordinal)
            .ToImmutableArray());

    public async Task CompleteFulfilment(string fulfilmentId)
    {
        var done = _live.Fulfilment.Values.Where(l => l.FulfilmentId == fulfilmentId).Select(l => l.ReservationId).ToList();
        if (done.Count > 0)
        {
            done.ForEach(id => _live.Fulfilment.Remove(id));
            await _writer.WriteAsync();
        }
    }

    public async Task RecordSale(string saleId, long amount, DateTimeOffset at)
    {
        var date = _calendar.DayOf(at);
        if (!_live.Days.TryGetValue(date, out var day))
        {
            _live.Days[date] = day = new StoreDay();
            var oldest = _calendar.Today().AddDays(-_history.HistoryDays);
            foreach (var old in _live.Days.Keys.Where(d => d < oldest).ToList())
            {
                _live.Days.Remove(old);
            }
        }

        if (day.SaleIds.Add(saleId))
        {
            day.SalesAmount += amount;
            await _writer.WriteAsync();
        }
    }

    private StoreProfile EnsureDefined() =>
        _live.Profile ?? throw DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{StoreId}' does not exist.");

    private Task Save()
    {
        _state.State = _live.Copy();
        return _state.WriteStateAsync();
    }
}
