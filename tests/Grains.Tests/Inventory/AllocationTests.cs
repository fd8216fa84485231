using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

[Collection(ClusterCollection.Name)]
public sealed class AllocationTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Reserve_Ship_TakesTheNearestStoreThatHoldsTheWholeQuantity()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 2),
            new("Xintiandi", Xintiandi, Stock: 10),
            new("Xujiahui", Xujiahui, Stock: 10));

        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(5));

        var allocation = Assert.Single(reservation.Allocations);
        Assert.Equal(shanghai.Store("Xintiandi"), allocation.StoreId);
        Assert.Equal(5, allocation.Quantity);
        Assert.InRange(allocation.DistanceKm, 1.3, 1.5);
        Assert.False(reservation.Split);
    }

    [Fact]
    public async Task Reserve_Ship_WhenNoStoreHoldsIt_SplitsOverTheFewestStoresNearestFirst()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 3),
            new("Xintiandi", Xintiandi, Stock: 3),
            new("Lujiazui", Lujiazui, Stock: 3),
            new("Xujiahui", Xujiahui, Stock: 8));

        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(10));

        // Two stores are the fewest that hold 10 (8 + 3); of those covers, the nearest is Nanjing Road East + Xujiahui.
        Assert.True(reservation.Split);
        Assert.Equal(
            [(shanghai.Store("Nanjing Road East"), 3), (shanghai.Store("Xujiahui"), 7)],
            reservation.Allocations.Select(a => (a.StoreId, a.Quantity)));
    }

    [Fact]
    public async Task Reserve_Ship_SkipsStoresThatCannotShip()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 10, CanShip: false),
            new("Jing'an Temple", JingAnTemple, Stock: 10));

        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4));

        Assert.Equal(shanghai.Store("Jing'an Temple"), Assert.Single(reservation.Allocations).StoreId);
    }

    [Fact]
    public async Task Reserve_Ship_WhenStoresAreEquallyFar_PicksTheLowerStoreIdEveryTime()
    {
        var shanghai = await Open(_grains,
            new("Twin A", Xintiandi, Stock: 10),
            new("Twin B", Xintiandi, Stock: 10));
        var expected = new[] { shanghai.Store("Twin A"), shanghai.Store("Twin B") }.Min(StringComparer.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            var reservation = await shanghai.Pool.Reserve(shanghai.Ship(1));
            Assert.Equal(expected, Assert.Single(reservation.Allocations).StoreId);
        }
    }

    [Fact]
    public async Task Reserve_Ship_BeyondWhatCanShip_Returns409WithTheShippableQuantity()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 5),
            new("Airport", Wujiaochang, Stock: 50, CanShip: false));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(6)));

        Assert.Equal(ErrorCodes.InsufficientStock, error.Code);
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal(5, Assert.IsType<InsufficientStockDetails>(error.Details).Available);
    }

    [Fact]
    public async Task Reserve_Pickup_HoldsStockAtTheChosenStore()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 10),
            new("Xujiahui", Xujiahui, Stock: 10));

        var reservation = await shanghai.Pool.Reserve(shanghai.Pickup(3, "Xujiahui"));

        Assert.Equal(FulfilmentMode.Pickup, reservation.Mode);
        Assert.Equal((shanghai.Store("Xujiahui"), 3), (reservation.Allocations[0].StoreId, reservation.Allocations[0].Quantity));
    }

    [Fact]
    public async Task Reserve_Pickup_WhenTheChosenStoreIsShort_NamesTheNearestStoresThatHaveIt()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, Stock: 1),
            new("Xintiandi", Xintiandi, Stock: 2),
            new("Xujiahui", Xujiahui, Stock: 9),
            new("Jing'an Temple", JingAnTemple, Stock: 9),
            new("Wujiaochang", Wujiaochang, Stock: 9, CanPickup: false));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Pickup(5, "Nanjing Road East")));

        Assert.Equal(ErrorCodes.InsufficientStock, error.Code);
        var details = Assert.IsType<InsufficientStockDetails>(error.Details);
        Assert.Equal(1, details.Available);
        Assert.Equal([shanghai.Store("Jing'an Temple"), shanghai.Store("Xujiahui")], details.Alternatives.Select(a => a.StoreId));
        Assert.Equal(0, (await shanghai.Pool.GetInventory()).Reserved);
    }

    [Fact]
    public async Task Reserve_Pickup_AtAStoreWithoutPickUp_IsRefused()
    {
        var shanghai = await Open(_grains, new StoreSpec("Warehouse", Wujiaochang, Stock: 10, CanPickup: false));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Pickup(1, "Warehouse")));

        Assert.Equal(ErrorCodes.PickupNotAvailable, error.Code);
        Assert.Equal(ErrorKind.Unprocessable, error.Kind);
    }

    [Fact]
    public async Task Reserve_Pickup_AtAStoreOfAnotherRegion_IsRefusedAndChangesNothing()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, Stock: 10));
        var hangzhou = await Open(_grains, new StoreSpec("Wulin Square", new GeoPoint(30.2720, 120.1630), Stock: 10));
        var request = shanghai.Ship(1) with { Mode = FulfilmentMode.Pickup, PickupStoreId = hangzhou.Store("Wulin Square") };
        var before = (await shanghai.Pool.GetLedger(0, 1000)).Next;

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(request));

        Assert.Equal(ErrorCodes.StoreNotInRegion, error.Code);
        Assert.Equal(before, (await shanghai.Pool.GetLedger(0, 1000)).Next);
    }
}
