namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Who is acting in a room: the user, the name viewers see, and the role (the host guide or ops may moderate).</summary>
[GenerateSerializer, Immutable, Alias("pd.Actor")]
public sealed record Actor(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Role)
{
    public bool IsOps => Role == Roles.Ops;
}
