namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>One paid order or one new exclusive binding, credited to a guide (and so to their team).</summary>
[GenerateSerializer, Immutable, Alias("pd.ScoreEvent")]
public sealed record ScoreEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] ScoreEventKind Kind,
    [property: Id(2)] string GuideId,
    [property: Id(3)] string TeamId,
    [property: Id(4)] long Amount,
    [property: Id(5)] DateTimeOffset At);
