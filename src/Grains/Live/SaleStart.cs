namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A flash sale being started: stored before its units are taken from the region's pool, so a start cut short (the
/// room's write of the sale failed, the pool's answer was lost) is known to the room's next activation, which gives
/// the units back rather than keep them out of the region until the reservation lapses a day later.
/// </summary>
[GenerateSerializer, Immutable, Alias("pd.SaleStart")]
public sealed record SaleStart(
    [property: Id(0)] string Sku,
    [property: Id(1)] long Price,
    [property: Id(2)] int Quantity,
    [property: Id(3)] string PoolReservationId)
{
    public bool SameTerms(string sku, long price, int quantity) => Sku == sku && Price == price && Quantity == quantity;
}
