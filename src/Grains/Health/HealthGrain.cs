using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Health;

[StatelessWorker]
public sealed class HealthGrain(ILocalSiloDetails silo, IClusterMembershipService membership) : Grain, IHealthGrain
{
    public Task<string> Ping() => Task.FromResult(silo.Name);

    public Task<ImmutableArray<SiloAddress>> GetActiveSilos() =>
        Task.FromResult(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToImmutableArray());
}
