using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A region (key: region id): its profile and the directory of its stores, for nearest-store queries.</summary>
[Alias("pd.IRegionGrain")]
public interface IRegionGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<RegionProfile> Define(string name);

    [ReadOnly, Alias("GetProfile")]
    Task<RegionProfile?> GetProfile();

    /// <summary>Adds or refreshes a store in this region's directory (called by the store itself).</summary>
    [Alias("UpsertStore")]
    Task UpsertStore(StoreProfile store);

    [Alias("RemoveStore")]
    Task RemoveStore(string storeId);

    [ReadOnly, Alias("GetStores")]
    Task<ImmutableArray<StoreProfile>> GetStores();

    /// <summary>The region's stores ordered by great-circle distance from <paramref name="from"/>, ties by store id.</summary>
    [ReadOnly, Alias("FindNearest")]
    Task<ImmutableArray<NearbyStore>> FindNearest(GeoPoint from, int take);
}
