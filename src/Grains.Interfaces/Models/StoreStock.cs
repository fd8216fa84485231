namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>One store's count of a SKU and how much of it open reservations hold.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreStock")]
public sealed record StoreStock(
    [property: Id(0)] string StoreId,
    [property: Id(1)] long OnHand,
    [property: Id(2)] long Reserved);
