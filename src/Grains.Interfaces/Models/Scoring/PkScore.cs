namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>A participant's score; <see cref="Name"/> is a guide's name, or the team id (teams have no other name).</summary>
[GenerateSerializer, Immutable, Alias("pd.PkScore")]
public sealed record PkScore(
    [property: Id(0)] string Id,
    [property: Id(1)] long Score,
    [property: Id(2)] long Target,
    [property: Id(3)] bool Reached,
    [property: Id(4)] string Name);
