using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Regions;

public sealed class RegionGrain(
    [PersistentState("region", StorageNames.GrainState)] IPersistentState<RegionState> state)
    : Grain, IRegionGrain
{
    private string RegionId => this.GetPrimaryKeyString();

    public async Task<RegionProfile> Define(string name)
    {
        var profile = new RegionProfile(RegionId, name?.Trim() ?? "");
        profile.Validate().ThrowIfInvalid();
        if (profile != state.State.Profile)
        {
            state.State.Profile = profile;
            await state.WriteStateAsync();
        }

        // Also when unchanged: a define retried after the directory failed to hear of it lists the region then.
        await GrainFactory.GetGrain<IRegionDirectoryGrain>(IRegionDirectoryGrain.Key).Register(profile);
        return profile;
    }

    public Task<RegionProfile?> GetProfile() => Task.FromResult(state.State.Profile);

    public async Task UpsertStore(StoreProfile store)
    {
        EnsureDefined();
        if (store.RegionId != RegionId)
        {
            throw DomainException.Invalid(ErrorCodes.KeyMismatch, $"Store '{store.StoreId}' belongs to region '{store.RegionId}', not '{RegionId}'.");
        }

        if (state.State.Stores.TryGetValue(store.StoreId, out var known) && known == store)
        {
            return;
        }

        state.State.Stores[store.StoreId] = store;
        await state.WriteStateAsync();
    }

    public async Task RemoveStore(string storeId)
    {
        if (state.State.Stores.Remove(storeId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<StoreProfile>> GetStores() =>
        Task.FromResult(state.State.Stores.Values.OrderBy(s => s.StoreId, StringComparer.Ordinal).ToImmutableArray());

    public Task<ImmutableArray<NearbyStore>> FindNearest(GeoPoint from, int take)
    {
        EnsureDefined();
        var nearest = state.State.Stores.Values
            .Select(store => new NearbyStore(store, Math.Round(from.DistanceKmTo(store.Position), 3)))
            .OrderBy(n => n.DistanceKm)
            .ThenBy(n => n.Store.StoreId, StringComparer.Ordinal)
            .Take(Math.Max(0, take))
            .ToImmutableArray();
        return Task.FromResult(nearest);
    }

    private void EnsureDefined()
    {
        if (state.State.Profile is null)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownRegion, $"Region '{RegionId}' does not exist.");
        }
    }
}
