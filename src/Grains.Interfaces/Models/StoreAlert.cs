namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A store's fulfilment queue gained work, for its staff: <paramref name="Added"/> orders (or standalone reservations)
/// new in it since the store's last alert, <paramref name="Waiting"/> in it now. A hint to read the queue again.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StoreAlert")]
public sealed record StoreAlert(
    [property: Id(0)] string StoreId,
    [property: Id(1)] int Added,
    [property: Id(2)] int Waiting,
    [property: Id(3)] string Text);
