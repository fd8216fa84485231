using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>Confirmed units waiting to be shipped or handed over, by reservation id.</summary>
[GenerateSerializer, Alias("pd.StoreQueueState")]
public sealed class StoreQueueState
{
    [Id(0)]
    public Dictionary<string, FulfilmentLine> Lines { get; set; } = [];

    public StoreQueueState Copy() => new() { Lines = new Dictionary<string, FulfilmentLine>(Lines) };
}
