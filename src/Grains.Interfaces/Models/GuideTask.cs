namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A guide's task as it stands: how much of the target is counted, and whether it is open, done or expired.</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideTask")]
public sealed record GuideTask(
    [property: Id(0)] string TaskId,
    [property: Id(1)] GuideTaskKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] int Target,
    [property: Id(4)] int Progress,
    [property: Id(5)] long Coins,
    [property: Id(6)] GuideTaskStatus Status,
    [property: Id(7)] DateTimeOffset AssignedAt,
    [property: Id(8)] DateTimeOffset DueAt,
    [property: Id(9)] DateTimeOffset? CompletedAt);
