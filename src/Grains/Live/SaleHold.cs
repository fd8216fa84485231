using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// Units of a flash sale an order holds for its buyer: until paid (sold), or until it lapses or is cancelled (back to the
/// sale).
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.SaleHold")]
public sealed record SaleHold(
    [property: Id(0)] string OrderId,
    [property: Id(1)] string SaleId,
    [property: Id(2)] ImmutableArray<Allocation> Units,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] HoldStatus Status,
    [property: Id(5)] string BuyerId)
{
    /// <summary>The units the hold is for, over its stores.</summary>
    public int Quantity => Units.Sum(u => u.Quantity);
}
