namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// What a pool has available, as of its ledger sequence <paramref name="Version"/>: the event a pool publishes on its
/// region's <see cref="AvailabilityStream"/>. Versions let a consumer keep the newest figure whatever the order of arrival.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StockAvailability")]
public sealed record StockAvailability(
    [property: Id(0)] string Sku,
    [property: Id(1)] long Available,
    [property: Id(2)] long Version);
