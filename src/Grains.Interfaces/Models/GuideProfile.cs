namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A shopping guide: the store they work in and the team (branch company) they compete for.</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideProfile")]
public sealed record GuideProfile(
    [property: Id(0)] string GuideId,
    [property: Id(1)] string Name,
    [property: Id(2)] string StoreId,
    [property: Id(3)] string TeamId)
{
    public Validation Validate() =>
        new Validation().RequireId(GuideId, "guideId").RequireName(Name, "name").RequireId(StoreId, "storeId").RequireId(TeamId, "teamId");
}
