namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A team of guides (a branch company), named for boards and PKs.</summary>
[GenerateSerializer, Immutable, Alias("pd.TeamProfile")]
public sealed record TeamProfile(
    [property: Id(0)] string TeamId,
    [property: Id(1)] string Name)
{
    public Validation Validate() => new Validation().RequireId(TeamId, "teamId").RequireName(Name, "name");
}
