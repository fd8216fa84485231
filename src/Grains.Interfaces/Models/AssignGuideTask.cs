namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Headquarters gives a guide a task: reach <see cref="Target"/> of <see cref="Kind"/> before <see cref="DueAt"/>, for <see cref="Coins"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.AssignGuideTask")]
public sealed record AssignGuideTask(
    [property: Id(0)] string TaskId,
    [property: Id(1)] GuideTaskKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] int Target,
    [property: Id(4)] long Coins,
    [property: Id(5)] DateTimeOffset DueAt)
{
    public const int MaxTarget = 1_000;
    public const long MaxCoins = 1_000_000;

    /// <summary>How far ahead a task may be due: tasks are a day's or a campaign's work, not a year's.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(92);

    public Validation Validate() =>
        new Validation()
            .RequireId(TaskId, "taskId")
            .Require(Enum.IsDefined(Kind), "kind", "kind must be 'add-customers', 'forward-material' or 'go-live'.")
            .RequireName(Title, "title")
            .Require(Target is > 0 and <= MaxTarget, "target", $"target must be between 1 and {MaxTarget:N0}.")
            .Require(Coins is > 0 and <= MaxCoins, "coins", $"coins must be between 1 and {MaxCoins:N0}.");
}
