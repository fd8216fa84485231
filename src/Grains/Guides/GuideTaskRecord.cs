using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

/// <summary>One task as the guide stores it: its terms, when it was given, what has counted toward it.</summary>
[GenerateSerializer, Alias("pd.GuideTaskRecord")]
public sealed class GuideTaskRecord
{
    [Id(0)]
    public required AssignGuideTask Terms { get; init; }

    [Id(1)]
    public DateTimeOffset AssignedAt { get; init; }

    /// <summary>
    /// The ids of what counted (a member, a room, a forward), so a repeat counts once; at most the target, as nothing
    /// counts once the task is done.
    /// </summary>
    [Id(2)]
    public HashSet<string> Counted { get; init; } = new(StringComparer.Ordinal);

    [Id(3)]
    public DateTimeOffset? CompletedAt { get; set; }

    public GuideTaskRecord Copy() => new() { Terms = Terms, AssignedAt = AssignedAt, Counted = new(Counted, StringComparer.Ordinal), CompletedAt = CompletedAt };

    public GuideTaskStatus StatusAt(DateTimeOffset now) =>
        CompletedAt is not null ? GuideTaskStatus.Done : now >= Terms.DueAt ? GuideTaskStatus.Expired : GuideTaskStatus.Open;

    public GuideTask View(DateTimeOffset now) =>
        new(Terms.TaskId, Terms.Kind, Terms.Title, Terms.Target, Counted.Count, Terms.Coins, StatusAt(now), AssignedAt, Terms.DueAt, CompletedAt);

    /// <summary>Whether something of the task's kind that happened at <paramref name="at"/> counts: inside its window, not yet done.</summary>
    public bool Takes(GuideTaskKind kind, DateTimeOffset at) =>
        kind == Terms.Kind && CompletedAt is null && at >= AssignedAt && at < Terms.DueAt;
}
