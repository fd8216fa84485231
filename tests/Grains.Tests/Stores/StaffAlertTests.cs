using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Stores;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Stores;

/// <summary>
/// A store tells its staff as its fulfilment queue gains work (<c>StoreAlert</c>), whoever's customer bought, and a
/// franchise store its franchisee's account too.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StaffAlertTests(ClusterFixture fixture)
{
    [Fact]
    public async Task OrdersQueuedAtAStore_AreAnnouncedToItsStaff_AtOnceThenInOneAlertPerInterval_EachOrderOnce()
    {
        var shop = await Shop.Open(fixture.Grains);

        // Two SKUs, two pools, two lines at the store: one order.
        var first = await PlaceAndPay(shop, (shop.Serum, 1), (shop.Cream, 1));
        var announced = await PushRecorder.WaitFor(() => fixture.Pushes.StoreAlertsFor(shop.DirectStore), _ => true);
        Assert.Equal((shop.DirectStore, 1, 1), (announced.StoreId, announced.Added, announced.Waiting));

        // Shipped (which announces nothing), then five more at once: within the interval they wait, then one alert
        // says how many came.
        await shop.Order(first).Fulfil(shop.DirectStore, pickupCode: null);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PlaceAndPay(shop, (shop.Serum, 1))));
        var burst = await PushRecorder.WaitFor(() => fixture.Pushes.StoreAlertsFor(shop.DirectStore), a => a.Added > 1, StaffAlerts.Interval * 3);
        await Task.Delay(StaffAlerts.Interval + TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);

        var alerts = fixture.Pushes.StoreAlertsFor(shop.DirectStore).ToList();
        Assert.Equal(6, alerts.Sum(a => a.Added));
        Assert.True(alerts.Count <= 3, $"{alerts.Count} alerts for 6 orders within one interval and a bit");
        Assert.Equal(5, alerts[^1].Waiting);
        Assert.Equal($"{burst.Added} new orders to ship or hand over; {burst.Waiting} waiting.", burst.Text);
        Assert.Empty(fixture.Pushes.StoreAlertsFor(shop.FranchiseStore));
        Assert.Empty(fixture.Pushes.AccountStoreAlertsFor("brand")); // a direct store's owner is no franchisee
    }

    [Fact]
    public async Task AFranchiseStoresAlert_AlsoGoesToItsOwnerAccount_AsTheStoreNamesItWhenSent()
    {
        var shop = await Shop.Open(fixture.Grains);
        var store = fixture.Grains.GetGrain<IStoreGrain>(shop.FranchiseStore);
        PlaceOrder PickUpThere() => shop.Placing(shop.FranchiseStore, (shop.Cream, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.FranchiseStore };

        await PlaceAndPay(shop, PickUpThere());
        var toAccount = await PushRecorder.WaitFor(() => fixture.Pushes.AccountStoreAlertsFor(shop.Dealer), _ => true);
        Assert.Equal(await PushRecorder.WaitFor(() => fixture.Pushes.StoreAlertsFor(shop.FranchiseStore), _ => true), toAccount);

        // Sold on: the next alert goes to the buyer's account, not the seller's.
        var buyer = Shop.NewId("dealer");
        await store.Define((await store.GetProfile())! with { OwnerAccountId = buyer });
        await PlaceAndPay(shop, PickUpThere());
        var toBuyer = await PushRecorder.WaitFor(() => fixture.Pushes.AccountStoreAlertsFor(buyer), _ => true, StaffAlerts.Interval * 3);

        Assert.Equal((shop.FranchiseStore, 1, 2), (toBuyer.StoreId, toBuyer.Added, toBuyer.Waiting));
        Assert.Single(fixture.Pushes.AccountStoreAlertsFor(shop.Dealer));
    }

    private static Task<string> PlaceAndPay(Shop shop, params (string Sku, int Quantity)[] lines) => PlaceAndPay(shop, shop.Placing(lines));

    private static async Task<string> PlaceAndPay(Shop shop, PlaceOrder placing)
    {
        var orderId = Shop.NewId("o");
        var placed = await shop.Order(orderId).Place(placing);
        await shop.Order(orderId).Pay(new PayOrder(Shop.NewId("pay"), placed.Total));
        return orderId;
    }
}
