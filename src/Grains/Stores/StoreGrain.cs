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
}
