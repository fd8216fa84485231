using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One line of an order: the unit price of the store the member entered, and where the units are held.</summary>
[GenerateSerializer, Immutable, Alias("pd.OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] int Quantity,
    [property: Id(3)] long UnitPrice,
    [property: Id(4)] long LineTotal,
    [property: Id(5)] string ReservationId,
    [property: Id(6)] ImmutableArray<Allocation> Allocations);
