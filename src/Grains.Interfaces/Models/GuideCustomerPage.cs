using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A page of a guide's customers, the latest bound first; ask again with <c>after = Next</c> while it is not null.</summary>
[GenerateSerializer, Immutable, Alias("pd.GuideCustomerPage")]
public sealed record GuideCustomerPage(
    [property: Id(0)] ImmutableArray<GuideCustomer> Customers,
    [property: Id(1)] string? Next)
{
    public const int DefaultTake = 20;
    public const int MaxTake = 100;
}
