namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// One SKU's counts across a region as its pool pushes them to the Edges watching it: at most twice a second while
/// they change, with a growing <see cref="Seq"/> (the snapshot a watch answers carries the number of the last push).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StockUpdate")]
public sealed record StockUpdate(
    [property: Id(0)] long Seq,
    [property: Id(1)] InventoryView Inventory);
