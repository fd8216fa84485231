using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Sales;

[GenerateSerializer, Alias("pd.InStoreSaleState")]
public sealed class InStoreSaleState
{
    [Id(0)]
    public InStoreSale? Sale { get; set; }

    [Id(1)]
    public List<Effect> Pending { get; set; } = [];
}
