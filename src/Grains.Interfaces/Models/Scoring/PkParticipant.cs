namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>A guide or a team in a PK, with the score it aims for.</summary>
[GenerateSerializer, Immutable, Alias("pd.PkParticipant")]
public sealed record PkParticipant(
    [property: Id(0)] string Id,
    [property: Id(1)] PkParticipantKind Kind,
    [property: Id(2)] long Target);
