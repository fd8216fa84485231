using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The orders a member placed, newest first (key: member id): the mini-program's "my orders".</summary>
[Alias("pd.IMemberOrdersGrain")]
public interface IMemberOrdersGrain : IGrainWithStringKey
{
    /// <summary>
    /// Up to <paramref name="take"/> orders placed before the order <paramref name="before"/> (from the newest when
    /// null); null when the member placed no order of that id.
    /// </summary>
    [ReadOnly, Alias("List")]
    Task<MemberOrderPage?> List(string? before, int take);
}
