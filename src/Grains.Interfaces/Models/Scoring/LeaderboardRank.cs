namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>One entry's place on a board; <see cref="Rank"/> is null when it has no score today.</summary>
[GenerateSerializer, Immutable, Alias("pd.LeaderboardRank")]
public sealed record LeaderboardRank(
    [property: Id(0)] string Board,
    [property: Id(1)] string Scope,
    [property: Id(2)] string Id,
    [property: Id(3)] int? Rank,
    [property: Id(4)] long Score,
    [property: Id(5)] int Entries);
