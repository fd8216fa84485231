using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>Units of a flash sale's pool reservation the room owes back to the region's pool.</summary>
[GenerateSerializer, Immutable, Alias("pd.SaleGiveBack")]
public sealed record SaleGiveBack(
    [property: Id(0)] string SaleId,
    [property: Id(1)] string Sku,
    [property: Id(2)] string PoolReservationId,
    [property: Id(3)] ImmutableArray<Allocation> Units);
