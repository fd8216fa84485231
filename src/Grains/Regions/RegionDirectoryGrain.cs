using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Regions;

public sealed class RegionDirectoryGrain(
    [PersistentState("region-directory", StorageNames.GrainState)] IPersistentState<Dictionary<string, RegionProfile>> regions)
    : Grain, IRegionDirectoryGrain
{
    private ImmutableArray<RegionProfile>? _byName;

    public async Task Register(RegionProfile region)
    {
        if (regions.State.GetValueOrDefault(region.RegionId) != region)
        {
            regions.State[region.RegionId] = region;
            _byName = null;
            await regions.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<RegionProfile>> List() => Task.FromResult(_byName ??=
        [.. regions.State.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.RegionId, StringComparer.Ordinal)]);
}
