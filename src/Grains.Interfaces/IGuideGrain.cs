using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A shopping guide (key: guide id): store and team, customers, daily performance and commission, tasks and coins.</summary>
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

    /// <summary>
    /// The figures of today and of each day before it that the guide's figures keep (<c>Guides:HistoryDays</c>), the
    /// latest first, days without any as zeros; null for an unknown guide.
    /// </summary>
    [ReadOnly, Alias("GetDays")]
    Task<ImmutableArray<GuidePerformance>?> GetDays();

    [ReadOnly, Alias("GetCustomers")]
    Task<ImmutableArray<GuideCustomer>> GetCustomers();

    /// <summary>
    /// At most <paramref name="take"/> customers, the latest bound first, after the customer <paramref name="after"/>
    /// (null: from the latest); null when <paramref name="after"/> is not a customer.
    /// </summary>
    [ReadOnly, Alias("GetCustomerPage")]
    Task<GuideCustomerPage?> GetCustomerPage(string? after, int take);

    /// <summary>Counts a sale to the guide's day it happened; idempotent on the sale id.</summary>
    [Alias("RecordSale")]
    Task RecordSale(SaleCredit sale);

    /// <summary>A member bound the guide as exclusive guide (a new member for that day); idempotent.</summary>
    [Alias("AddCustomer")]
    Task AddCustomer(string memberId, DateTimeOffset boundAt);

    [Alias("RemoveCustomer")]
    Task RemoveCustomer(string memberId);

    /// <summary>Gives the guide a task from headquarters; a repeat with the same terms answers the task as it stands.</summary>
    [Alias("AssignTask")]
    Task<GuideTask> AssignTask(AssignGuideTask task);

    /// <summary>The guide's tasks: open ones first, soonest due first.</summary>
    [ReadOnly, Alias("GetTasks")]
    Task<ImmutableArray<GuideTask>> GetTasks();

    [ReadOnly, Alias("GetTask")]
    Task<GuideTask?> GetTask(string taskId);

    /// <summary>The guide app reports a forward of a forward-material task's material; idempotent on <paramref name="forwardId"/>.</summary>
    [Alias("ReportForward")]
    Task<GuideTask> ReportForward(string taskId, string forwardId);

    /// <summary>
    /// Something the guide did (a room they host started: <c>room/{roomId}</c>) counts toward their open tasks of that
    /// kind; idempotent on <paramref name="happenedId"/>.
    /// </summary>
    [Alias("CountTowardTasks")]
    Task CountTowardTasks(GuideTaskKind kind, string happenedId, DateTimeOffset at);

    /// <summary>Coins for an achievement (e.g. a PK target reached); idempotent on <paramref name="awardId"/>.</summary>
    [Alias("AwardCoins")]
    Task AwardCoins(string awardId, long coins, string reason);
}
