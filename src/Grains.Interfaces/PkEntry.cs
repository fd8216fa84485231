using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A PK as the registry lists it: its participants (guide or team ids), window, and whether it has ended.</summary>
[GenerateSerializer, Immutable, Alias("pd.PkEntry")]
public sealed record PkEntry(
    [property: Id(0)] string PkId,
    [property: Id(1)] PkParticipantKind Kind,
    [property: Id(2)] ImmutableArray<string> ParticipantIds,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt,
    [property: Id(5)] bool Ended = false);
