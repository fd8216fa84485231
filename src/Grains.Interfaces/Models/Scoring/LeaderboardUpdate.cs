using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>A board's top entries for today (<see cref="Day"/>, local); pushed at most twice a second per board and scope, with a growing <see cref="Seq"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.LeaderboardUpdate")]
public sealed record LeaderboardUpdate(
    [property: Id(0)] string Board,
    [property: Id(1)] string Scope,
    [property: Id(2)] long Seq,
    [property: Id(3)] ImmutableArray<LeaderboardEntry> Entries,
    [property: Id(4)] DateOnly Day);
