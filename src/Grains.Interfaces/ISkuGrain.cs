using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>One SKU of the product master (key: SKU code).</summary>
[Alias("pd.ISkuGrain")]
public interface ISkuGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<SkuProfile> Define(string name, long listPrice);

    [ReadOnly, Alias("GetProfile")]
    Task<SkuProfile?> GetProfile();
}
