using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Catalog;

public sealed class SkuGrain(
    [PersistentState("sku", StorageNames.GrainState)] IPersistentState<SkuState> state)
    : Grain, ISkuGrain
{
    public async Task<SkuProfile> Define(string name, long listPrice)
    {
        var profile = new SkuProfile(this.GetPrimaryKeyString(), name?.Trim() ?? "", listPrice);
        profile.Validate().ThrowIfInvalid();
        if (profile == state.State.Profile)
        {
            // Also heals an index entry a failed earlier call may have missed.
            await GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).Upsert(profile);
            return profile;
        }

        state.State.Profile = profile;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ISkuCatalogGrain>(ISkuCatalogGrain.Key).Upsert(profile);
        return profile;
    }

    public Task<SkuProfile?> GetProfile() => Task.FromResult(state.State.Profile);
}
