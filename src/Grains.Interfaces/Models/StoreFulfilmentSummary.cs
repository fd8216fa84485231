namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// How far behind a store is with what it ships and hands over: the orders (or standalone reservations) waiting, by
/// mode, and when the longest waiting was confirmed (null when none waits).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.StoreFulfilmentSummary")]
public sealed record StoreFulfilmentSummary(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string Name,
    [property: Id(2)] int Waiting,
    [property: Id(3)] int ToShip,
    [property: Id(4)] int ToHandOver,
    [property: Id(5)] DateTimeOffset? OldestConfirmedAt);
