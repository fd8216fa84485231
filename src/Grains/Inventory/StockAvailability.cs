namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// What a pool has available: the event a pool publishes on its region's <see cref="AvailabilityStream"/>. Each figure a
/// pool publishes has a higher <paramref name="Version"/> than the one before, across its activations
/// (<see cref="AvailabilityPublishing.Version"/>), so a consumer keeps the newest whatever the order of arrival.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StockAvailability")]
public sealed record StockAvailability(
    [property: Id(0)] string Sku,
    [property: Id(1)] long Available,
    [property: Id(2)] long Version);
