using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>The store pages' read model, fed by the region's availability stream.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionStockStreamTests(ClusterFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegionStock_KeepsEachSkusNewestFigure_WhenAnOlderOneArrivesAfterIt()
    {
        var regionId = TestIds.New("region");
        var stream = AvailabilityStream.Of(fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IStreamProvider>(StorageNames.Streams), regionId);

        await stream.OnNextAsync(new StockAvailability("serum", Available: 7, Version: 5));
        await stream.OnNextAsync(new StockAvailability("serum", Available: 99, Version: 3));
        await stream.OnNextAsync(new StockAvailability("marker", Available: 1, Version: 1));

        // One stream delivers in order: once the last event is seen, the older figure has been seen too.
        var regionStock = fixture.Grains.GetGrain<IRegionStockGrain>(regionId);
        await Eventually.True(async () => (await regionStock.GetAvailability()).ContainsKey("marker"), TimeSpan.FromSeconds(10), Cancel);
        Assert.Equal(7, (await regionStock.GetAvailability())["serum"]);
    }

    [Fact]
    public async Task RegionStock_NotActive_IsActivatedByItsPoolsNextChange()
    {
        var shop = await Shop.Open(fixture.Grains);
        var regionStock = fixture.Grains.GetGrain<IRegionStockGrain>(shop.RegionId);
        // Both pools' opening figures in, so no event still on its way brings the read model back before it is counted.
        await Eventually.True(async () => (await regionStock.GetAvailability()) is var stock
            && stock.GetValueOrDefault(shop.Serum) == 20 && stock.GetValueOrDefault(shop.Cream) == 20, cancellationToken: Cancel);
        await Activations.Deactivate(fixture.Grains, regionStock);
        var activations = await ActivationCount(regionStock);

        // Nobody calls the read model: the pool's events alone bring it back, and it takes the new figure. (Now and then
        // Orleans' stream agent still holds the old activation and the first event after it left is lost; the design
        // allows for that — a later change, or the pool's republish within a minute, brings the figure — so the pool
        // changes again each second until one event has reached the read model.)
        var onHand = 2;
        await Eventually.True(async () =>
        {
            await shop.Pool(shop.Serum).SetOnHand(shop.DirectStore, onHand = 5 - onHand);
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
            return await ActivationCount(regionStock) > activations;
        }, TimeSpan.FromSeconds(20), Cancel);
        await shop.Pool(shop.Serum).SetOnHand(shop.DirectStore, 2);
        await Eventually.True(async () => await ActivationCount(regionStock) > activations
            && (await regionStock.GetAvailability()).GetValueOrDefault(shop.Serum) == 12, TimeSpan.FromSeconds(10), Cancel);
    }

    [Fact]
    public async Task RegionStock_AfterAPoolLostAChangeItHadAlreadyPublished_TakesThePoolsFiguresAgain()
    {
        var shop = await Shop.Open(fixture.Grains);
        var pool = shop.Pool(shop.Serum);
        var owner = $"pool/{PoolKey.For(shop.Serum, shop.RegionId)}";
        var regionStock = fixture.Grains.GetGrain<IRegionStockGrain>(shop.RegionId);
        async Task<bool> RegionShows(long available) => (await regionStock.GetAvailability()).GetValueOrDefault(shop.Serum) == available;
        Task<Reservation> Reserve(int quantity) =>
            pool.Reserve(new ReservationRequest(TestIds.New("r"), quantity, Shop.PeoplesSquare.Latitude, Shop.PeoplesSquare.Longitude, FulfilmentMode.Ship));
        await Eventually.True(() => RegionShows(20), cancellationToken: Cancel);

        // The first reservation's write is held; a second is taken meanwhile and waits, held too, for the next write.
        var firstWrite = fixture.StorageFaults.HoldNextAppend(owner);
        var first = Reserve(1);
        await fixture.StorageFaults.HeldAppendReached(owner).WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        var secondWrite = fixture.StorageFaults.HoldNextAppend(owner);
        var second = Reserve(2);
        await Eventually.True(async () => (await pool.GetInventory()).Reserved == 3, cancellationToken: Cancel);
        firstWrite.SetResult();
        await first;

        // The pool publishes what its memory holds — the second's units taken — before the second is stored; its write
        // then fails, and the pool comes back from its ledger without it.
        await Eventually.True(() => RegionShows(17), TimeSpan.FromSeconds(10), Cancel);
        fixture.StorageFaults.FailNextAppend(owner);
        secondWrite.SetResult();
        await Assert.ThrowsAnyAsync<Exception>(() => second);

        // The figures of the pool's next activation are newer than any of the one before, though its ledger is shorter.
        await Reserve(1);
        await Eventually.True(() => RegionShows(18), TimeSpan.FromSeconds(10), Cancel);
    }

    private Task<int> ActivationCount(IRegionStockGrain grain) =>
        fixture.Grains.GetGrain<IManagementGrain>(0).GetGrainActivationCount((GrainReference)grain);
}
