namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// One line of a pool's stock ledger: what changed at one store, with the counts after it. <see cref="Seq"/> is
/// gapless per pool, so on hand and reserved of every store rebuild exactly by summing the deltas in order.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StockMovement")]
public sealed record StockMovement(
    [property: Id(0)] long Seq,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] StockMovementKind Kind,
    [property: Id(3)] string StoreId,
    [property: Id(4)] long OnHandDelta,
    [property: Id(5)] long ReservedDelta,
    [property: Id(6)] long OnHandAfter,
    [property: Id(7)] long ReservedAfter,
    [property: Id(8)] string? ReferenceId = null,
    [property: Id(9)] string? Reason = null,
    [property: Id(10)] DateTimeOffset? ExpiresAt = null,
    [property: Id(11)] double? DistanceKm = null,
    [property: Id(12)] string? OrderId = null,
    [property: Id(13)] string? OwnerId = null);
