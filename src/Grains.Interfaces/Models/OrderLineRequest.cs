namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Immutable, Alias("pd.OrderLineRequest")]
public sealed record OrderLineRequest(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity);
