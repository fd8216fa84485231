using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Stores;

/// <summary>The counter finds a waiting pick-up by the code the member shows; six random digits may repeat.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PickupLookupTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TwoWaitingPickupsSharingACode_AreAmbiguous_UntilOneIsHandedOver()
    {
        var shop = await Shop.Open(fixture.Grains);
        var store = fixture.Grains.GetGrain<IStoreGrain>(shop.DirectStore);
        var (first, second) = (Shop.NewId("o"), Shop.NewId("o"));
        fixture.PickupCodes.Chosen[first] = fixture.PickupCodes.Chosen[second] = "424242";
        foreach (var orderId in new[] { first, second })
        {
            var placed = await shop.Order(orderId).Place(shop.Placing((shop.Serum, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.DirectStore });
            await shop.Order(orderId).Pay(new PayOrder(Shop.NewId("pay"), placed.Total));
        }

        var ambiguous = await Assert.ThrowsAsync<DomainException>(() => store.FindPickup("424242"));
        await shop.Order(first).Fulfil(shop.DirectStore, "424242");
        var found = await store.FindPickup("424242");

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.PickupCodeAmbiguous), (ambiguous.Kind, ambiguous.Code));
        Assert.Equal(second, found.OrderId);
    }
}
