using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>The PKs not yet ended and whom they score (key: <see cref="Key"/>), so aggregators know where events go.</summary>
[Alias("pd.IPkRegistryGrain")]
public interface IPkRegistryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("Register")]
    Task Register(PkEntry pk);

    [Alias("Unregister")]
    Task Unregister(string pkId);

    [ReadOnly, Alias("Open")]
    Task<ImmutableArray<PkEntry>> Open();
}

/// <summary>A PK as the registry lists it: its participants (guide or team ids) and window.</summary>
[GenerateSerializer, Immutable, Alias("pd.PkEntry")]
public sealed record PkEntry(
    [property: Id(0)] string PkId,
    [property: Id(1)] PkParticipantKind Kind,
    [property: Id(2)] ImmutableArray<string> ParticipantIds,
    [property: Id(3)] DateTimeOffset StartsAt,
    [property: Id(4)] DateTimeOffset EndsAt);
