using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A physical shop: where it is, which region's stock it shares, where its money goes.</summary>
[GenerateSerializer, Immutable, Alias("pd.StoreProfile")]
public sealed record StoreProfile(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string Name,
    [property: Id(2)] string RegionId,
    [property: Id(3)] double Latitude,
    [property: Id(4)] double Longitude,
    [property: Id(5)] string OwnerAccountId,
    [property: Id(6)] StoreOwnership Ownership,
    [property: Id(7)] bool CanShip,
    [property: Id(8)] bool CanPickup)
{
    [JsonIgnore]
    public GeoPoint Position => new(Latitude, Longitude);

    public Validation Validate() =>
        new Validation()
            .RequireId(StoreId, "storeId")
            .RequireName(Name, "name")
            .RequireId(RegionId, "regionId")
            .RequirePosition(Latitude, Longitude)
            .RequireId(OwnerAccountId, "ownerAccountId")
            .Require(Enum.IsDefined(Ownership), "ownership", "ownership must be 'direct' or 'franchise'.");
}
