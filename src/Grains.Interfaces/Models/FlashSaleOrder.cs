using System.Collections.Immutable;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// An order bought from a live room's flash sale: its units are already held by the room, inside the sale's pool
/// reservation, so the order reserves nothing itself. Set by the room only; never from a client request.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.FlashSaleOrder")]
public sealed record FlashSaleOrder(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string SaleId,
    [property: Id(2)] long UnitPrice,
    [property: Id(3)] string PoolReservationId,
    [property: Id(4)] ImmutableArray<Allocation> Units);
