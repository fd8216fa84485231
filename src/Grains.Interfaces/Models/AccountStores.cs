using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>The franchise stores an owner account owns, by store id (ordinal).</summary>
[GenerateSerializer, Immutable, Alias("pd.AccountStores")]
public sealed record AccountStores(
    [property: Id(0)] string AccountId,
    [property: Id(1)] ImmutableArray<StoreProfile> Stores);
