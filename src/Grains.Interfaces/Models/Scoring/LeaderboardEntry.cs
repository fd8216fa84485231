namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Immutable, Alias("pd.LeaderboardEntry")]
public sealed record LeaderboardEntry(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Id,
    [property: Id(2)] string Name,
    [property: Id(3)] long Score);
