using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>Answers from whichever silo the caller reaches first; proves the cluster serves grain calls.</summary>
[Alias("pd.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    [ReadOnly, Alias("Ping")]
    Task<string> Ping();
}
