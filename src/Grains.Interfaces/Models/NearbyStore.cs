namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A store and how far it is from the position that was asked about.</summary>
[GenerateSerializer, Immutable, Alias("pd.NearbyStore")]
public sealed record NearbyStore(
    [property: Id(0)] StoreProfile Store,
    [property: Id(1)] double DistanceKm);
