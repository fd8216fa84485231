using System.Collections.Immutable;
using Orleans.Concurrency;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>Answers from whichever silo the caller reaches first: that the cluster serves grain calls, and which silos it counts.</summary>
[Alias("pd.IHealthGrain")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    [ReadOnly, Alias("Ping")]
    Task<string> Ping();

    /// <summary>
    /// The silos this silo's membership view holds active, from memory: the management grain's <c>GetHosts</c> reads
    /// the membership table on every call, and one grain answers it for the whole cluster.
    /// </summary>
    [ReadOnly, Alias("GetActiveSilos")]
    Task<ImmutableArray<SiloAddress>> GetActiveSilos();
}
