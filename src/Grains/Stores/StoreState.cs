using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

[GenerateSerializer, Alias("pd.StoreState")]
public sealed class StoreState
{
    [Id(0)]
    public StoreProfile? Profile { get; set; }
}
