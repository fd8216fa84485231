namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A stock count for one store: on hand is set to <see cref="OnHand"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreCount")]
public sealed record StoreCount(
    [property: Id(0)] string StoreId,
    [property: Id(1)] long OnHand)
{
    /// <summary>
    /// The most one store may hold of one SKU. Far above any shop's shelf, and low enough that a region's sums of
    /// thousands of stores cannot overflow.
    /// </summary>
    public const long MaxOnHand = 1_000_000_000;

    /// <summary>The most one adjustment may move, either way.</summary>
    public const long MaxAdjustment = 1_000_000;
}
