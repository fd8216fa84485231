namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>How many units of a reservation one store holds, and how far that store is from the customer.</summary>
[GenerateSerializer, Immutable, Alias("pd.Allocation")]
public sealed record Allocation(
    [property: Id(0)] string StoreId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] double DistanceKm);
