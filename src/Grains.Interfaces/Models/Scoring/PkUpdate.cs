using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>
/// A PK as watchers see it. Once <see cref="Status"/> is ended the board is final: <see cref="WinnerId"/> is the single
/// leader, or null with <see cref="Tie"/> and all of <see cref="LeaderIds"/> when the top score is shared.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.PkUpdate")]
public sealed record PkUpdate(
    [property: Id(0)] string PkId,
    [property: Id(1)] long Seq,
    [property: Id(2)] ImmutableArray<PkScore> Scores,
    [property: Id(3)] PkStatus Status,
    [property: Id(4)] string? WinnerId,
    [property: Id(5)] string Title,
    [property: Id(6)] PkMetric Metric,
    [property: Id(7)] PkParticipantKind Kind,
    [property: Id(8)] DateTimeOffset StartsAt,
    [property: Id(9)] DateTimeOffset EndsAt,
    [property: Id(10)] bool Tie,
    [property: Id(11)] ImmutableArray<string> LeaderIds);
