namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>The store's sales per local day.</summary>
[GenerateSerializer, Alias("pd.StoreSalesState")]
public sealed class StoreSalesState
{
    [Id(0)]
    public Dictionary<DateOnly, StoreDay> Days { get; set; } = [];

    public StoreSalesState Copy() => new() { Days = Days.ToDictionary(d => d.Key, d => d.Value.Copy()) };
}
