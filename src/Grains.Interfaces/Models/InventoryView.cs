using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A SKU's stock across one region: available = on hand − reserved − safety stock (never below zero).</summary>
[GenerateSerializer, Immutable, Alias("pd.InventoryView")]
public sealed record InventoryView(
    [property: Id(0)] string Sku,
    [property: Id(1)] string RegionId,
    [property: Id(2)] long Available,
    [property: Id(3)] long OnHand,
    [property: Id(4)] long Reserved,
    [property: Id(5)] long SafetyStock,
    [property: Id(6)] ImmutableArray<StoreStock> Stores);
