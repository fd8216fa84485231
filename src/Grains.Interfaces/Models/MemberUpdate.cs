using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Creates or updates a member. Identities are added (each may belong to one member only); tags replace the member's tags.</summary>
[GenerateSerializer, Immutable, Alias("pd.MemberUpdate")]
public sealed record MemberUpdate(
    [property: Id(0)] string Name,
    [property: Id(1)] ImmutableArray<MemberIdentity> Identities,
    [property: Id(2)] ImmutableArray<string>? Tags)
{
    public const int MaxTags = 30;
    public const int MaxTagLength = 40;

    public Validation Validate()
    {
        var validation = new Validation().RequireName(Name, "name")
            .Require(Identities.IsDefault || Identities.Length <= 10, "identities", "at most 10 identities.")
            .Require(Tags is null || Tags.Value.Length <= MaxTags, "tags", $"at most {MaxTags} tags.");
        foreach (var identity in Identities.IsDefault ? [] : Identities)
        {
            validation.Require(identity is not null && MemberIdentity.IsValid(identity.Channel, identity.Id), "identities", MemberIdentity.Rule);
        }

        foreach (var tag in Tags ?? [])
        {
            validation.Require(!string.IsNullOrWhiteSpace(tag) && tag.Length <= MaxTagLength && Validation.IsPlainText(tag), "tags",
                $"each tag is 1-{MaxTagLength} characters, none of them control or text-direction characters.");
        }

        return validation;
    }
}
