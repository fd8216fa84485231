using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A physical store (key: store id).</summary>
[Alias("pd.IStoreGrain")]
public interface IStoreGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates the store; refuses an unknown region and leaves everything as it was.</summary>
    [Alias("Define")]
    Task<StoreProfile> Define(StoreProfile profile);

    [ReadOnly, Alias("GetProfile")]
    Task<StoreProfile?> GetProfile();
}
