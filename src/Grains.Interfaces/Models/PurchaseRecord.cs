using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A paid purchase credited to a member (points, tier, what they bought); idempotent on <see cref="PurchaseId"/>.</summary>
[GenerateSerializer, Immutable, Alias("pd.PurchaseRecord")]
public sealed record PurchaseRecord(
    [property: Id(0)] string PurchaseId,
    [property: Id(1)] long Amount,
    [property: Id(2)] ImmutableArray<string> Skus,
    [property: Id(3)] string StoreId,
    [property: Id(4)] DateTimeOffset At);
