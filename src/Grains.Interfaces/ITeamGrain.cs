using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Interfaces;

/// <summary>A team of guides (key: team id): its name. Guides name their team by id; naming it is optional.</summary>
[Alias("pd.ITeamGrain")]
public interface ITeamGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<TeamProfile> Define(string name);

    [ReadOnly, Alias("GetProfile")]
    Task<TeamProfile?> GetProfile();
}
