using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>One in-store sale (key: sale id), counted to its guide, store and member exactly once.</summary>
[Alias("pd.IInStoreSaleGrain")]
public interface IInStoreSaleGrain : IGrainWithStringKey
{
    [Alias("Record")]
    Task<InStoreSale> Record(InStoreSale sale);

    [ReadOnly, Alias("Get")]
    Task<InStoreSale?> Get();
}
