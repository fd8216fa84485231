using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

public sealed class StoreGrain(
    [PersistentState("store", StorageNames.GrainState)] IPersistentState<StoreState> state)
    : Grain, IStoreGrain
{
    private string StoreId => this.GetPrimaryKeyString();

    public async Task<StoreProfile> Define(StoreProfile profile)
    {
        if (profile.StoreId != StoreId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"The profile is for store '{profile.StoreId}', not '{StoreId}'.");
        }

        profile.Validate().ThrowIfInvalid();
        var newRegion = GrainFactory.GetGrain<IRegionGrain>(profile.RegionId);
        if (await newRegion.GetProfile() is null)
        {
            throw DomainException.Invalid(ErrorCodes.UnknownRegion, $"Region '{profile.RegionId}' does not exist.");
        }

        var previous = state.State.Profile;
        if (previous == profile)
        {
            return profile;
        }

        // Register with the new region before saving, and leave the old one last: a failure part-way
        // leaves the store listed (and the PUT can simply be retried), never a saved store no region lists.
        await newRegion.UpsertStore(profile);
        state.State.Profile = profile;
        await state.WriteStateAsync();
        if (previous is not null && previous.RegionId != profile.RegionId)
        {
            await GrainFactory.GetGrain<IRegionGrain>(previous.RegionId).RemoveStore(StoreId);
        }

        return profile;
    }

    public Task<StoreProfile?> GetProfile() => Task.FromResult(state.State.Profile);

    public async Task<StoreCatalogEntry> SetCatalogEntry(StoreCatalogEntry entry)
    {
        entry = entry with { Promotion = string.IsNullOrWhiteSpace(entry.Promotion) ? null : entry.Promotion.Trim() };
        entry.Validate().ThrowIfInvalid();
        EnsureDefined();
        if (await GrainFactory.GetGrain<ISkuGrain>(entry.Sku).GetProfile() is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownSku, $"SKU '{entry.Sku}' does not exist.");
        }

        if (state.State.Catalog.GetValueOrDefault(entry.Sku) != entry)
        {
            state.State.Catalog[entry.Sku] = entry;
            await state.WriteStateAsync();
        }

        return entry;
    }

    public async Task<StorePage> GetPage()
    {
        var profile = EnsureDefined();
        var skus = GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).GetAll();
        var availability = await GrainFactory.GetGrain<IRegionStockGrain>(profile.RegionId).GetAvailability();
        var master = await skus;

        // The store sells what its region stocks and whatever it has priced itself.
        var items = availability.Keys.Union(state.State.Catalog.Keys)
            .Where(master.ContainsKey)
            .Order(StringComparer.Ordinal)
            .Select(sku =>
            {
                var product = master[sku];
                var own = state.State.Catalog.GetValueOrDefault(sku);
                return new StorePageItem(sku, product.Name, product.ListPrice, own?.Price ?? product.ListPrice, own?.Promotion, availability.GetValueOrDefault(sku));
            })
            .ToImmutableArray();
        return new StorePage(profile, items);
    }

    public async Task EnqueueFulfilment(FulfilmentLine line)
    {
        if (state.State.Fulfilment.ContainsKey(line.ReservationId))
        {
            return;
        }

        state.State.Fulfilment[line.ReservationId] = line;
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<FulfilmentLine>> GetFulfilmentQueue() =>
        Task.FromResult(state.State.Fulfilment.Values.OrderBy(l => l.ConfirmedAt).ThenBy(l => l.ReservationId, StringComparer.Ordinal).ToImmutableArray());

    private StoreProfile EnsureDefined() =>
        state.State.Profile ?? throw DomainException.NotFound(ErrorCodes.UnknownStore, $"Store '{StoreId}' does not exist.");
}
