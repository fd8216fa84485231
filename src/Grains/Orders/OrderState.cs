using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Orders;

[GenerateSerializer, Alias("pd.OrderState")]
public sealed class OrderState
{
    [Id(0)]
    public Order? Order { get; set; }

    /// <summary>The request that placed the order, to tell a retry from a different order under the same id.</summary>
    [Id(1)]
    public PlaceOrder? Placed { get; set; }

    /// <summary>The outbox: effects of payment or fulfilment not yet delivered.</summary>
    [Id(2)]
    public List<Effect> Pending { get; set; } = [];
}
