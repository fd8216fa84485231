namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>A participant's score; <see cref="Name"/> is the guide's or team's name when the PK was created (an unnamed team's id).</summary>
[GenerateSerializer, Immutable, Alias("pd.PkScore")]
public sealed record PkScore(
    [property: Id(0)] string Id,
    [property: Id(1)] long Score,
    [property: Id(2)] long Target,
    [property: Id(3)] bool Reached,
    [property: Id(4)] string Name);
