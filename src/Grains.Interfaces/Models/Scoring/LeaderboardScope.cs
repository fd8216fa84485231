namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>A scope a board can be watched in (<c>all</c>, <c>region:{id}</c>, <c>team:{id}</c>), with a name to show.</summary>
[GenerateSerializer, Immutable, Alias("pd.LeaderboardScope")]
public sealed record LeaderboardScope(
    [property: Id(0)] string Scope,
    [property: Id(1)] string Name);
