using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A page of a member's orders, newest first; ask again with <c>before = Next</c> while it is not null.</summary>
[GenerateSerializer, Immutable, Alias("pd.MemberOrderPage")]
public sealed record MemberOrderPage(
    [property: Id(0)] ImmutableArray<Order> Orders,
    [property: Id(1)] string? Next)
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;
}
