using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Catalog;

[GenerateSerializer, Alias("pd.SkuState")]
public sealed class SkuState
{
    [Id(0)]
    public SkuProfile? Profile { get; set; }
}
