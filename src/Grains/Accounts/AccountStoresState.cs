using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Accounts;

[GenerateSerializer, Alias("pd.AccountStoresState")]
public sealed class AccountStoresState
{
    /// <summary>A copy of each franchise store's profile, by store id, so listing them is one grain call.</summary>
    [Id(0)]
    public Dictionary<string, StoreProfile> Stores { get; set; } = new(StringComparer.Ordinal);
}
