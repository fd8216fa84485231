namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A reservation confirmed without an order, as the store that shipped or handed it over did so.</summary>
[GenerateSerializer, Immutable, Alias("pd.ReservationFulfilment")]
public sealed record ReservationFulfilment(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string FulfilmentId,
    [property: Id(2)] string ReservationId,
    [property: Id(3)] string Sku,
    [property: Id(4)] int Quantity,
    [property: Id(5)] FulfilmentMode Mode,
    [property: Id(6)] DateTimeOffset ConfirmedAt,
    [property: Id(7)] DateTimeOffset FulfilledAt);
