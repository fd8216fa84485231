using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>
/// The members a guide should follow up on (key: guide id): the <c>browse-without-buy</c> alerts, kept, so a guide who
/// was not connected when one was pushed still finds it. One per member and SKU.
/// </summary>
[Alias("pd.IGuideFollowUpsGrain")]
public interface IGuideFollowUpsGrain : IGrainWithStringKey
{
    /// <summary>Stored before it returns; a later one for the same member and SKU takes its place.</summary>
    [Alias("Add")]
    Task Add(FollowUp followUp);

    /// <summary>Those not yet expired, the latest first.</summary>
    [ReadOnly, Alias("List")]
    Task<ImmutableArray<FollowUp>> List();

    /// <summary>The guide dealt with it, or the member bought the SKU; idempotent.</summary>
    [Alias("Remove")]
    Task Remove(string memberId, string sku);

    /// <summary>The member was reassigned to another guide, who follows them up from now on; idempotent.</summary>
    [Alias("RemoveMember")]
    Task RemoveMember(string memberId);
}
