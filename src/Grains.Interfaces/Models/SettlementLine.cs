namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Where part of a paid order's money goes.</summary>
[GenerateSerializer, Immutable, Alias("pd.SettlementLine")]
public sealed record SettlementLine(
    [property: Id(0)] string AccountId,
    [property: Id(1)] long Amount,
    [property: Id(2)] SettlementKind Kind,
    [property: Id(3)] string? StoreId = null);
