namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>A sale credited to a guide (performance and commission); idempotent on <see cref="SaleId"/> (order id or in-store sale id).</summary>
[GenerateSerializer, Immutable, Alias("pd.SaleCredit")]
public sealed record SaleCredit(
    [property: Id(0)] string SaleId,
    [property: Id(1)] long Amount,
    [property: Id(2)] long Commission,
    [property: Id(3)] string? MemberId,
    [property: Id(4)] string StoreId,
    [property: Id(5)] SaleChannel Channel,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string? LiveRoomId = null);
