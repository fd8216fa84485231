using System.ComponentModel.DataAnnotations;
using PrivateDomain.Realtime.Grains.Configuration;

namespace PrivateDomain.Realtime.Grains.Members;

/// <summary>Section <c>Members</c>.</summary>
public sealed class MemberOptions
{
    public const string Section = "Members";

    /// <summary>Paid spend (fen) from which a member is "waist": 1,000 yuan.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Members:WaistTierSpend must be positive.")]
    public long WaistTierSpend { get; set; } = 100_000;

    /// <summary>Paid spend (fen) from which a member is "head": 5,000 yuan.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Members:HeadTierSpend must be positive.")]
    public long HeadTierSpend { get; set; } = 500_000;

    /// <summary>Views of one SKU within <see cref="BrowseWindow"/>, without buying it, that alert the member's guide.</summary>
    [Range(1, 100, ErrorMessage = "Members:BrowseAlertViews must be between 1 and 100.")]
    public int BrowseAlertViews { get; set; } = 3;

    [DurationRange("00:01:00", "90.00:00:00", ErrorMessage = "Members:BrowseWindow must be between 1 minute and 90 days.")]
    public TimeSpan BrowseWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many of a member's orders one listing filtered by status looks at (each is read from its grain); past them
    /// the page ends early, saying where to go on.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Members:OrderStatusScan must be between 1 and 10000.")]
    public int OrderStatusScan { get; set; } = 500;

    /// <summary>How long a credited purchase is remembered, so a repeated delivery adds no points.</summary>
    [DurationRange("1.00:00:00", "3650.00:00:00", ErrorMessage = "Members:PurchaseMemory must be at least 1 day.")]
    public TimeSpan PurchaseMemory { get; set; } = TimeSpan.FromDays(90);
}
