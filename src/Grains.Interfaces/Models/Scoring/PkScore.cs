namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Immutable, Alias("pd.PkScore")]
public sealed record PkScore(
    [property: Id(0)] string Id,
    [property: Id(1)] long Score,
    [property: Id(2)] long Target,
    [property: Id(3)] bool Reached);
