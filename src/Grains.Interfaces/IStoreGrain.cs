using System.Collections.Immutable;
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

    /// <summary>This store's price and promotion for a SKU.</summary>
    [Alias("SetCatalogEntry")]
    Task<StoreCatalogEntry> SetCatalogEntry(StoreCatalogEntry entry);

    [ReadOnly, Alias("GetPage")]
    Task<StorePage> GetPage();

    /// <summary>Queues confirmed units for this store to ship or hand over; idempotent on the reservation id.</summary>
    [Alias("EnqueueFulfilment")]
    Task EnqueueFulfilment(FulfilmentLine line);

    [ReadOnly, Alias("GetFulfilmentQueue")]
    Task<ImmutableArray<FulfilmentLine>> GetFulfilmentQueue();
}
