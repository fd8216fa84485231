namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A store that could serve the request, and how far away it is.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreAvailability")]
public sealed record StoreAvailability(
    [property: Id(0)] string StoreId,
    [property: Id(1)] long Available,
    [property: Id(2)] double DistanceKm);
