using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Regions;

[GenerateSerializer, Alias("pd.RegionState")]
public sealed class RegionState
{
    [Id(0)]
    public RegionProfile? Profile { get; set; }

    /// <summary>A copy of each store's profile, kept here so a nearest-store query is one grain call.</summary>
    [Id(1)]
    public Dictionary<string, StoreProfile> Stores { get; set; } = new(StringComparer.Ordinal);
}
