using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A page of ledger lines; ask again with <c>after = Next</c> while <see cref="HasMore"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.LedgerPage")]
public sealed record LedgerPage(
    [property: Id(0)] ImmutableArray<StockMovement> Entries,
    [property: Id(1)] long Next,
    [property: Id(2)] bool HasMore);
