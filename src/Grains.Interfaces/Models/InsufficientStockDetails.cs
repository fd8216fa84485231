using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Why a reservation was refused: what the pool (or the chosen store) has, and the nearest stores that do have enough.</summary>
[GenerateSerializer, Immutable, Alias("pd.InsufficientStockDetails")]
public sealed record InsufficientStockDetails(
    [property: Id(0)] long Available,
    [property: Id(1)] ImmutableArray<StoreAvailability> Alternatives);
