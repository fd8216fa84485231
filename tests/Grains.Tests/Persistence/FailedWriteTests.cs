using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Persistence;

/// <summary>A grain whose state write failed must come back with what storage holds, not fail every write from then on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FailedWriteTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Guide_WhoseWriteLandedButWasReportedFailed_CountsTheRetriedSaleOnce_AndKeepsWriting()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000));
        var retried = shop.InStoreSale(20_000);

        // The write of the second sale lands, but the guide hears it failed: its ETag is now behind storage's.
        fixture.StorageFaults.LoseNextWriteAnswer(guide.GetGrainId(), "guide-days");
        var failed = await Assert.ThrowsAsync<OrleansException>(() => guide.RecordSale(retried));
        Assert.IsType<IOException>(failed.InnerException);

        await guide.RecordSale(retried);
        await guide.RecordSale(shop.InStoreSale(5_000));

        var today = (await guide.GetView())!.Today;
        Assert.Equal((35_000, 3), (today.SalesAmount, today.Orders));
        Assert.Equal(35_000, (await _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Rank("guide-sales", "all", shop.DirectGuide)).Score);
    }

    [Fact]
    public async Task Order_WhosePaymentWriteLandedButWasReportedFailed_IsPaidOnce_AndCanBeFulfilled()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 2)));

        fixture.StorageFaults.LoseNextWriteAnswer(order.GetGrainId(), "order");
        var failed = await Assert.ThrowsAsync<OrleansException>(() => order.Pay(new PayOrder("pay-1", placed.Total)));
        Assert.IsType<IOException>(failed.InnerException);

        // The client retries the payment it saw fail; the order must know it is paid (storage says so) and go on.
        var paid = await order.Pay(new PayOrder("pay-1", placed.Total));
        var fulfilled = await order.Fulfil(shop.DirectStore, null);

        Assert.Equal((OrderStatus.Paid, "pay-1"), (paid.Status, paid.Payment!.PaymentId));
        Assert.Equal(OrderStatus.Fulfilled, fulfilled.Status);
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.SalesAmount == placed.Total,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.Orders);
        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetInventory()).Reserved == 0, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2 * 10 - 2, (await shop.Pool(shop.Serum).GetInventory()).OnHand);
    }
}
