using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

[Collection(ClusterCollection.Name)]
public sealed class BadInputTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    public static TheoryData<string, int, double, double> BadReservations => new()
    {
        { "quantity", 0, 31.23, 121.47 },
        { "quantity", -3, 31.23, 121.47 },
        { "quantity", 10_001, 31.23, 121.47 },
        { "latitude", 1, 91, 121.47 },
        { "longitude", 1, 31.23, 181 },
    };

    [Theory]
    [MemberData(nameof(BadReservations))]
    public async Task Reserve_WithBadInput_IsRefusedAndChangesNothing(string field, int quantity, double latitude, double longitude)
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var before = await shanghai.Pool.GetLedger(0, 1000);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            shanghai.Pool.Reserve(new ReservationRequest(TestIds.New("r"), quantity, latitude, longitude, FulfilmentMode.Ship)));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(before.Next, (await shanghai.Pool.GetLedger(0, 1000)).Next);
    }

    [Theory]
    [InlineData("")]
    [InlineData("end/")]
    [InlineData("a/b/c")]
    [InlineData("o 1")]
    public async Task ReleasePart_WithABadPartId_IsRefusedAndChangesNothing(string partId)
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var reservation = await shanghai.Pool.Reserve(new ReservationRequest(TestIds.New("r"), 2, 31.23, 121.47, FulfilmentMode.Ship));
        var before = await shanghai.Pool.GetLedger(0, 1000);

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            shanghai.Pool.ReleasePart(reservation.ReservationId, partId, [new Allocation(shanghai.Store("Nanjing Road East"), 1, 0)]));

        Assert.Equal((ErrorCodes.ValidationFailed, before.Next), (error.Code, (await shanghai.Pool.GetLedger(0, 1000)).Next));
        var kept = await shanghai.Pool.ReleasePart(reservation.ReservationId, "end/s-1", [new Allocation(shanghai.Store("Nanjing Road East"), 1, 0)]);
        Assert.Equal(1, kept.Allocations.Sum(a => a.Quantity));
    }

    [Fact]
    public async Task Pool_OfUnknownSkuOrRegion_Returns404()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        var unknownSku = await Assert.ThrowsAsync<DomainException>(() =>
            _grains.GetGrain<IInventoryPoolGrain>(PoolKey.For("no-such-sku", shanghai.RegionId)).GetInventory());
        var unknownRegion = await Assert.ThrowsAsync<DomainException>(() =>
            _grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(shanghai.Sku, "atlantis")).GetInventory());

        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownSku), (unknownSku.Kind, unknownSku.Code));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownRegion), (unknownRegion.Kind, unknownRegion.Code));
    }

    [Fact]
    public async Task SetOnHand_ForUnknownStore_Returns404AndNegativeIsRefused()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        var unknown = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.SetOnHand("no-such-store", 5));
        var negative = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.SetOnHand(shanghai.Store("Nanjing Road East"), -1));

        Assert.Equal(ErrorCodes.UnknownStore, unknown.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, negative.Code);
        Assert.Equal(10, (await shanghai.Pool.GetInventory()).OnHand);
    }

    [Fact]
    public async Task Adjust_BelowZeroOrBelowWhatIsReserved_IsRefused()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");
        await shanghai.Pool.Reserve(shanghai.Ship(6));

        var negative = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("a1", store, -11, "damaged"));
        var belowReserved = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("a2", store, -5, "damaged"));
        var setBelowReserved = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.SetOnHand(store, 5));

        Assert.Equal((ErrorKind.Unprocessable, ErrorCodes.NegativeStock), (negative.Kind, negative.Code));
        Assert.Equal(ErrorCodes.StockBelowReserved, belowReserved.Code);
        Assert.Equal(ErrorCodes.StockBelowReserved, setBelowReserved.Code);
        Assert.Equal((10, 6), ((await shanghai.Pool.GetInventory()).OnHand, (await shanghai.Pool.GetInventory()).Reserved));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(1_000_001)]
    [InlineData(StoreCount.MaxOnHand)]
    public async Task Adjust_BeyondItsBounds_IsRefusedAndChangesNothing(long delta)
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("a1", shanghai.Store("Nanjing Road East"), delta, "stock count"));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Equal(10, (await shanghai.Pool.GetInventory()).OnHand);
    }

    [Fact]
    public async Task SetOnHand_AboveTheMaximum_IsRefused_AndAnAdjustmentMayNotCrossIt()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");

        var tooMany = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.SetOnHand(store, StoreCount.MaxOnHand + 1));
        await shanghai.Pool.SetOnHand(store, StoreCount.MaxOnHand);
        var across = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("a1", store, 1, "goods received"));

        Assert.Equal((ErrorCodes.ValidationFailed, ErrorCodes.ValidationFailed), (tooMany.Code, across.Code));
        Assert.Equal(StoreCount.MaxOnHand, (await shanghai.Pool.GetInventory()).OnHand);
    }
}
