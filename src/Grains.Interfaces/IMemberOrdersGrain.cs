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
    /// of the id <paramref name="before"/>. With <paramref name="statuses"/>, only orders in one of them: the list holds
    /// no statuses, so one call looks at a bounded number of the member's orders, and a page may then hold fewer than
    /// <paramref name="take"/> with a <see cref="MemberOrderPage.Next"/> to go on from.
    /// </summary>
    [ReadOnly, Alias("List")]
    Task<MemberOrderPage?> List(string? liveRoomId, string? before, int take, OrderStatus[]? statuses = null);
}
