using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A shopping guide (key: guide id): store and team, customers, daily performance and commission.</summary>
[Alias("pd.IGuideGrain")]
public interface IGuideGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<GuideProfile> Define(GuideProfile profile);

    [ReadOnly, Alias("GetProfile")]
    Task<GuideProfile?> GetProfile();

    /// <summary>Profile, today's performance (local day), customer count; null for an unknown guide.</summary>
    [ReadOnly, Alias("GetView")]
    Task<GuideView?> GetView();

    [ReadOnly, Alias("GetCustomers")]
    Task<ImmutableArray<GuideCustomer>> GetCustomers();

    /// <summary>Counts a sale to the guide's day it happened; idempotent on the sale id.</summary>
    [Alias("RecordSale")]
    Task RecordSale(SaleCredit sale);

    /// <summary>A member bound the guide as exclusive guide (a new member for that day); idempotent.</summary>
    [Alias("AddCustomer")]
    Task AddCustomer(string memberId, DateTimeOffset boundAt);

    [Alias("RemoveCustomer")]
    Task RemoveCustomer(string memberId);

    /// <summary>Coins for an achievement (e.g. a PK target reached); idempotent on <paramref name="awardId"/>.</summary>
    [Alias("AwardCoins")]
    Task AwardCoins(string awardId, long coins, string reason);
}
