using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>The store's profile and own prices: rarely changed.</summary>
[GenerateSerializer, Alias("pd.StoreState")]
public sealed class StoreState
{
    [Id(0)]
    public StoreProfile? Profile { get; set; }

    /// <summary>This store's own prices and promotions, by SKU.</summary>
    [Id(1)]
    public Dictionary<string, StoreCatalogEntry> Catalog { get; set; } = [];

    public StoreState Copy() => new() { Profile = Profile, Catalog = new Dictionary<string, StoreCatalogEntry>(Catalog) };
}
