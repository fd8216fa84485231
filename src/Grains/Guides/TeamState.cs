using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Guides;

[GenerateSerializer, Alias("pd.TeamState")]
public sealed class TeamState
{
    [Id(0)]
    public TeamProfile? Profile { get; set; }
}
