namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>One store's counts in a pool.</summary>
[GenerateSerializer, Alias("pd.StockCounter")]
public sealed class StockCounter
{
    [Id(0)]
    public long OnHand { get; set; }

    [Id(1)]
    public long Reserved { get; set; }

    public long Free => OnHand - Reserved;
}
