namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>A store's sales for one local day, and the sales already counted in it.</summary>
[GenerateSerializer, Alias("pd.StoreDay")]
public sealed class StoreDay
{
    [Id(0)]
    public long SalesAmount { get; set; }

    [Id(1)]
    public HashSet<string> SaleIds { get; set; } = [];

    public StoreDay Copy() => new() { SalesAmount = SalesAmount, SaleIds = [.. SaleIds] };
}
