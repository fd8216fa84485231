using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A guide opens a live room: the products they will show (the shelf) and the region whose stock they sell.</summary>
[GenerateSerializer, Immutable, Alias("pd.CreateLiveRoom")]
public sealed record CreateLiveRoom(
    [property: Id(0)] string GuideId,
    [property: Id(1)] string Title,
    [property: Id(2)] string RegionId,
    [property: Id(3)] ImmutableArray<string> Shelf)
{
    public const int MaxShelf = 200;

    public Validation Validate()
    {
        var validation = new Validation()
            .RequireId(GuideId, "guideId")
            .RequireName(Title, "title")
            .RequireId(RegionId, "regionId")
            .Require(!Shelf.IsDefault && Shelf.Length <= MaxShelf, "shelf", $"shelf must list at most {MaxShelf} SKUs.");
        foreach (var sku in Shelf.IsDefault ? [] : Shelf)
        {
            validation.RequireId(sku, "shelf");
        }

        return validation;
    }
}
