namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A city or district; all its stores share one stock view per SKU.</summary>
[GenerateSerializer, Immutable, Alias("pd.RegionProfile")]
public sealed record RegionProfile(
    [property: Id(0)] string RegionId,
    [property: Id(1)] string Name)
{
    public Validation Validate() => new Validation().RequireId(RegionId, "regionId").RequireName(Name, "name");
}
