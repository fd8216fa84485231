using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The list of all SKUs (key: <see cref="Key"/>), kept by the SKU grains, so a store page needs one call for names and prices.</summary>
[Alias("pd.ISkuCatalogGrain")]
public interface ISkuCatalogGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Upsert")]
    Task Upsert(SkuProfile sku);

    [ReadOnly, Alias("GetAll")]
    Task<ImmutableDictionary<string, SkuProfile>> GetAll();
}
