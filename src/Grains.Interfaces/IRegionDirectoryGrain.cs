using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// Every region defined (key: <see cref="Key"/>), so operations can pick one: a brand has tens or hundreds of regions,
/// not thousands, so one grain holds them all.
/// </summary>
[Alias("pd.IRegionDirectoryGrain")]
public interface IRegionDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    /// <summary>Adds the region, or renames it (called by the region itself each time it is defined).</summary>
    [Alias("Register")]
    Task Register(RegionProfile region);

    /// <summary>The regions by name, then id (ordinal).</summary>
    [ReadOnly, Alias("List")]
    Task<ImmutableArray<RegionProfile>> List();
}
