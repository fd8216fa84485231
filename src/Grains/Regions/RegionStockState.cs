namespace PrivateDomain.Realtime.Grains.Regions;

[GenerateSerializer, Alias("pd.RegionStockState")]
public sealed class RegionStockState
{
    [Id(0)]
    public Dictionary<string, SkuAvailability> BySku { get; set; } = [];
}
