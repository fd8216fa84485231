using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A store's page in the mini-program: its own prices, and the stock of the whole region. Asked a page at a time, ask
/// again with <c>after = Next</c> while it is not null.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StorePage")]
public sealed record StorePage(
    [property: Id(0)] StoreProfile Store,
    [property: Id(1)] ImmutableArray<StorePageItem> Items,
    [property: Id(2)] string? Next = null)
{
    public const int MaxTake = 500;
    public const int MaxSearchLength = 50;
}
