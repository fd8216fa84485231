using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>
/// A guide's, store's or room's figures for one local day, as absolute totals (never increments), so a fact may be
/// reported any number of times and in any order: boards keep the largest of each figure. <see cref="Events"/> are the
/// countable happenings behind it (a paid order, a new member), which PKs count once each by id.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.ScoreFact")]
public sealed record ScoreFact(
    [property: Id(0)] ScoreSubject Subject,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] DateOnly Day,
    [property: Id(4)] string RegionId,
    [property: Id(6)] string? TeamId,
    [property: Id(7)] long Sales,
    [property: Id(8)] long Orders,
    [property: Id(9)] long NewMembers,
    [property: Id(10)] long Commission,
    [property: Id(11)] ImmutableArray<ScoreEvent> Events)
{
    public string Key => $"{Subject}:{Id}";

    /// <summary>
    /// True when no figure of this report is below the other's: the same report or a later one (figures only grow within
    /// a day, so one with a smaller figure is older, whatever the order of arrival).
    /// </summary>
    public bool IsNoOlderThan(ScoreFact other) =>
        Sales >= other.Sales && Orders >= other.Orders && NewMembers >= other.NewMembers && Commission >= other.Commission;

    /// <summary>
    /// This fact brought up to date by another report of the same subject and day: the larger of each figure, the
    /// newer report's name, region and team, and no events (they are counted elsewhere, once each).
    /// </summary>
    public ScoreFact Merge(ScoreFact other) => (other.IsNoOlderThan(this) ? other : this) with
    {
        Sales = Math.Max(Sales, other.Sales),
        Orders = Math.Max(Orders, other.Orders),
        NewMembers = Math.Max(NewMembers, other.NewMembers),
        Commission = Math.Max(Commission, other.Commission),
        Events = [],
    };
}
