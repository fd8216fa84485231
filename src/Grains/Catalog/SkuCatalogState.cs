using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Catalog;

[GenerateSerializer, Alias("pd.SkuCatalogState")]
public sealed class SkuCatalogState
{
    [Id(0)]
    public Dictionary<string, SkuProfile> Skus { get; set; } = [];
}
