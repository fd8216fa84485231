using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A member as the member, their guide and operations see them.</summary>
[GenerateSerializer, Immutable, Alias("pd.MemberProfile")]
public sealed record MemberProfile(
    [property: Id(0)] string MemberId,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<MemberIdentity> Identities,
    [property: Id(3)] ImmutableArray<string> Tags,
    [property: Id(4)] MemberTier Tier,
    [property: Id(5)] long Points,
    [property: Id(6)] long PaidSpend,
    [property: Id(7)] string? GuideId,
    [property: Id(8)] DateTimeOffset? GuideBoundAt,
    [property: Id(9)] string? LastStoreId,
    [property: Id(10)] ImmutableArray<Coupon> Coupons);
