using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

[GenerateSerializer, Alias("pd.StoreState")]
public sealed class StoreState
{
    [Id(0)]
    public StoreProfile? Profile { get; set; }

    /// <summary>This store's own prices and promotions, by SKU.</summary>
    [Id(1)]
    public Dictionary<string, StoreCatalogEntry> Catalog { get; set; } = [];

    /// <summary>Confirmed units waiting to be shipped or handed over, by reservation id.</summary>
    [Id(2)]
    public Dictionary<string, FulfilmentLine> Fulfilment { get; set; } = [];

    [Id(3)]
    public Dictionary<DateOnly, StoreDay> Days { get; set; } = [];

    public StoreState Copy() => new()
    {
        Profile = Profile,
        Catalog = new Dictionary<string, StoreCatalogEntry>(Catalog),
        Fulfilment = new Dictionary<string, FulfilmentLine>(Fulfilment),
        Days = Days.ToDictionary(d => d.Key, d => d.Value.Copy()),
    };
}
