using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The orders a member placed, newest first (key: member id): the mini-program's "my orders".</summary>
[Alias("pd.IMemberOrdersGrain")]
public interface IMemberOrdersGrain : IGrainWithStringKey
{
    /// <summary>
    /// Up to <paramref name="take"/> orders placed before the order <paramref name="before"/> (from the newest when
    /// null), only those placed in <paramref name="liveRoomId"/> when it is given; null when the member placed no order
    /// of the id <paramref name="before"/>.
    /// </summary>
    [ReadOnly, Alias("List")]
    Task<MemberOrderPage?> List(string? liveRoomId, string? before, int take);
}
