using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One order (or standalone reservation) a store must ship or hand over: its lines for this store.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreFulfilment")]
public sealed record StoreFulfilment(
    [property: Id(0)] string FulfilmentId,
    [property: Id(1)] string? OrderId,
    [property: Id(2)] FulfilmentMode Mode,
    [property: Id(3)] ImmutableArray<FulfilmentLine> Lines,
    [property: Id(4)] DateTimeOffset ConfirmedAt);
