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

    /// <summary>Regions the store moved out of whose directories may still list it: left after the move is stored.</summary>
    [Id(2)]
    public HashSet<string> RegionsToLeave { get; set; } = [];

    /// <summary>Owner accounts whose franchise store this was and whose lists may still hold it: left after the change is stored.</summary>
    [Id(3)]
    public HashSet<string> AccountsToLeave { get; set; } = [];

    public StoreState Copy() => new()
    {
        Profile = Profile,
        Catalog = new Dictionary<string, StoreCatalogEntry>(Catalog),
        RegionsToLeave = [.. RegionsToLeave],
        AccountsToLeave = [.. AccountsToLeave],
    };
}
