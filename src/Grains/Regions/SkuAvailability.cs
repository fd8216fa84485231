namespace PrivateDomain.Realtime.Grains.Regions;

/// <summary>A pool's available quantity as of its ledger sequence <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.SkuAvailability")]
public sealed record SkuAvailability([property: Id(0)] long Available, [property: Id(1)] long Version);
