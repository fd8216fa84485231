using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Catalog;

/// <summary>
/// The SKU index. Product-master changes are rare operations, so each one rewrites this small state; reads are
/// served from an immutable copy that is rebuilt only when something changed.
/// </summary>
public sealed class SkuCatalogGrain(
    [PersistentState("sku-catalog", StorageNames.GrainState)] IPersistentState<SkuCatalogState> state)
    : Grain, ISkuCatalogGrain
{
    private ImmutableDictionary<string, SkuProfile>? _all;

    public async Task Upsert(SkuProfile sku)
    {
        if (state.State.Skus.TryGetValue(sku.Sku, out var known) && known == sku)
        {
            return;
        }

        state.State.Skus[sku.Sku] = sku;
        _all = null;
        await state.WriteStateAsync();
    }

    public Task<ImmutableDictionary<string, SkuProfile>> GetAll() =>
        Task.FromResult(_all ??= state.State.Skus.ToImmutableDictionary());
}
