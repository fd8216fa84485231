using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

/// <summary>
/// A customer as the guide's list shows them: who they are to the guide (tags, tier, spend, the store they last used),
/// without their identities, which the guide reads on the member's own profile when they open it.
/// </summary>
public sealed record CustomerCard(
    string MemberId,
    DateTimeOffset BoundAt,
    string Name,
    ImmutableArray<string> Tags,
    MemberTier Tier,
    long Points,
    long PaidSpend,
    string? LastStoreId);

/// <summary>A page of a guide's customers, the latest bound first; ask again with <c>after = next</c> while it is not null.</summary>
public sealed record CustomerCardPage(ImmutableArray<CustomerCard> Customers, string? Next);
