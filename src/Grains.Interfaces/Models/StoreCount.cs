namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A stock count for one store: on hand is set to <see cref="OnHand"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreCount")]
public sealed record StoreCount(
    [property: Id(0)] string StoreId,
    [property: Id(1)] long OnHand);
