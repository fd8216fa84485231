using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockExpiryTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task Reservation_WithoutTtl_HoldsFifteenMinutesThenLapses()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var reservedAt = fixture.Clock.GetUtcNow();

        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4));
        Assert.Equal(reservedAt + TimeSpan.FromMinutes(15), reservation.ExpiresAt);

        fixture.Clock.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(59));
        Assert.Equal(6, (await shanghai.Pool.GetInventory()).Available);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await WaitForExpiryLine(shanghai.Pool);

        Assert.Equal(10, (await shanghai.Pool.GetInventory()).Available);
        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Confirm(reservation.ReservationId));
        Assert.Equal(ErrorCodes.ReservationExpired, error.Code);
    }

    [Fact]
    public async Task PaidOrdersConfirmation_ArrivingAfterItsReservationLapsed_TakesTheUnitsAgain_AndQueuesThemToShip()
    {
        var (shanghai, orderId, reservation) = await OrdersReservationOf4ThatLapsed();
        var store = shanghai.Store("Nanjing Road East");

        var confirmed = await shanghai.Pool.ConfirmPaid(reservation.ReservationId, orderId);
        var again = await shanghai.Pool.ConfirmPaid(reservation.ReservationId, orderId);

        Assert.Equal((ReservationStatus.Confirmed, ReservationStatus.Confirmed), (confirmed.Status, again.Status));
        Assert.Equal((6, 0, 6), Counts(await shanghai.Pool.GetInventory()));
        var queued = await fixture.Grains.GetGrain<IStoreGrain>(store).GetFulfilmentQueue();
        Assert.Equal((shanghai.Sku, 4), queued.Single(f => f.OrderId == orderId).Lines.Select(l => (l.Sku, l.Quantity)).Single());
        var late = (await shanghai.Pool.GetLedger(0, 1000)).Entries[^1];
        Assert.Equal((StockMovementKind.Confirm, "late", -4L, 0L), (late.Kind, late.Reason, late.OnHandDelta, late.ReservedDelta));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);

        // Rebuilt from its ledger, the pool still knows the reservation as confirmed.
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        Assert.Equal(ReservationStatus.Confirmed, (await shanghai.Pool.GetReservation(reservation.ReservationId))!.Status);
        Assert.Equal((6, 0, 6), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task PaidOrdersConfirmation_PastItsReservationsTimeButBeforeItLapsed_ConfirmsIt()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var orderId = $"o-{Guid.NewGuid():N}";
        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4) with { OrderId = orderId });

        // Out of memory while its time passes (as in a ledger outage), so nothing has lapsed it when the order calls.
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var confirmed = await shanghai.Pool.ConfirmPaid(reservation.ReservationId, orderId);

        Assert.Equal(ReservationStatus.Confirmed, confirmed.Status);
        Assert.DoesNotContain((await shanghai.Pool.GetLedger(0, 1000)).Entries, l => l.Kind == StockMovementKind.Expire);
        Assert.Equal((6, 0, 6), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task PaidOrdersConfirmation_WhoseLapsedUnitsWereReservedMeanwhile_IsRefused_AndNothingIsOversold()
    {
        var (shanghai, orderId, reservation) = await OrdersReservationOf4ThatLapsed();
        await shanghai.Pool.Reserve(shanghai.Ship(8));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.ConfirmPaid(reservation.ReservationId, orderId));

        Assert.Equal(ErrorCodes.ReservationExpired, error.Code);
        Assert.Equal(ReservationStatus.Expired, (await shanghai.Pool.GetReservation(reservation.ReservationId))!.Status);
        Assert.Equal((10, 8, 2), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task PaidOrdersPartOfALapsedSaleReservation_TakesItsUnitsAgain_Once_EvenAfterARebuild_ButNotUnitsTakenMeanwhile()
    {
        // A live room's flash sale holds one reservation; each paid order confirms its part of it. A pool unreachable
        // until after the reservation lapsed must still sell the paid units, not put them back on sale.
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");
        var sale = await shanghai.Pool.Reserve(shanghai.Ship(6));
        await shanghai.Pool.ReleasePart(sale.ReservationId, "end/s-1", [new Allocation(store, 1, 0)]);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        await WaitForExpiryLine(shanghai.Pool);
        var paid = $"o-{Guid.NewGuid():N}";
        var tooLate = $"o-{Guid.NewGuid():N}";

        await shanghai.Pool.ConfirmPart(sale.ReservationId, paid, [new Allocation(store, 2, 0)]);
        await shanghai.Pool.ConfirmPart(sale.ReservationId, paid, [new Allocation(store, 2, 0)]);
        Assert.Equal((8, 0, 8), Counts(await shanghai.Pool.GetInventory()));
        var late = (await shanghai.Pool.GetLedger(0, 1000)).Entries[^1];
        Assert.Equal((StockMovementKind.Confirm, "late-part:" + paid, -2L, 0L), (late.Kind, late.Reason, late.OnHandDelta, late.ReservedDelta));
        var queued = await fixture.Grains.GetGrain<IStoreGrain>(store).GetFulfilmentQueue();
        Assert.Equal(2, queued.Single(f => f.OrderId == paid).Lines.Single().Quantity);

        // Rebuilt from its ledger, the pool still knows the part as confirmed, and the rest of the lapsed units as not.
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        await shanghai.Pool.ConfirmPart(sale.ReservationId, paid, [new Allocation(store, 2, 0)]);
        await shanghai.Pool.Reserve(shanghai.Ship(7));
        var refused = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.ConfirmPart(sale.ReservationId, tooLate, [new Allocation(store, 2, 0)]));

        Assert.Equal(ErrorCodes.ReservationExpired, refused.Code);
        Assert.Equal((8, 7, 1), Counts(await shanghai.Pool.GetInventory()));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
    }

    [Fact]
    public async Task LateConfirmation_NamingAnotherOrder_OrNone_IsRefusedAsExpired()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var orderId = $"o-{Guid.NewGuid():N}";
        var ofOrder = await shanghai.Pool.Reserve(shanghai.Ship(4) with { OrderId = orderId });
        var ofMember = await shanghai.Pool.Reserve(shanghai.Ship(2));
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        await WaitForExpiryLine(shanghai.Pool);

        var otherOrder = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.ConfirmPaid(ofOrder.ReservationId, "o-other"));
        var noOrder = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.ConfirmPaid(ofMember.ReservationId, orderId));

        Assert.Equal((ErrorCodes.ReservationExpired, ErrorCodes.ReservationExpired), (otherOrder.Code, noOrder.Code));
        Assert.Equal((10, 0, 10), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task Release_AfterExpiry_IsAcceptedAndReportsExpired()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4, ttlSeconds: 30));

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var released = await shanghai.Pool.Release(reservation.ReservationId);

        Assert.Equal(ReservationStatus.Expired, released.Status);
        Assert.Equal(10, (await shanghai.Pool.GetInventory()).Available);
    }

    [Fact]
    public async Task Pool_KeepsAReminder_WhileReservationsAreOpen_SoARestartBringsItBack()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        Assert.Empty(await Activations.Reminders(fixture.Cluster, shanghai.Pool));

        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4));
        Assert.Equal(["reservation-expiry"], await Activations.Reminders(fixture.Cluster, shanghai.Pool));

        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        Assert.Equal(["reservation-expiry"], await Activations.Reminders(fixture.Cluster, shanghai.Pool));

        await shanghai.Pool.Release(reservation.ReservationId);
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        Assert.Empty(await Activations.Reminders(fixture.Cluster, shanghai.Pool));
    }

    [Fact]
    public async Task Adjustment_SentAgainHoursLater_AsByATillBackOnline_CountsOnce()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");
        await shanghai.Pool.Adjust("delivery-1", store, 5, "goods received");

        // Long past the hour closed reservations are remembered for; the pool's sweep runs meanwhile.
        for (var hour = 0; hour < 6; hour++)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var again = await shanghai.Pool.Adjust("delivery-1", store, 5, "goods received");

        Assert.Equal(15, again.OnHand);
        Assert.Equal(15, (await shanghai.Pool.GetInventory()).OnHand);
    }

    /// <summary>One store with 10 units; an order's reservation of 4 of them, lapsed by the pool's sweep.</summary>
    private async Task<(Setup Shanghai, string OrderId, Reservation Reservation)> OrdersReservationOf4ThatLapsed()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var orderId = $"o-{Guid.NewGuid():N}";
        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4) with { OrderId = orderId });
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        await WaitForExpiryLine(shanghai.Pool);
        return (shanghai, orderId, reservation);
    }

    [Fact]
    public async Task Reservation_RefusedRightAfterOthersLapsed_StillLeavesTheirLapseInTheLedger_WithoutAGap()
    {
        // The refused request is the first to notice the lapse (out of memory while its time passed, the pool has not
        // swept since): the lapse it recorded must reach the ledger, or the next line follows one the ledger never got.
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        await shanghai.Pool.Reserve(shanghai.Ship(6));
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));

        var refused = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(11)));
        await shanghai.Pool.Reserve(shanghai.Ship(3));

        Assert.Equal(ErrorCodes.InsufficientStock, refused.Code);
        Assert.Equal((10, 3, 7), Counts(await shanghai.Pool.GetInventory()));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        Assert.Equal((10, 3, 7), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task AMembersLapsedReservations_NoLongerCountTowardTheirLimit()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 30_000));
        await shanghai.Pool.Reserve(shanghai.Ship(10_000) with { OwnerId = "member-1" });
        var full = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(1) with { OwnerId = "member-1" }));

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var again = await shanghai.Pool.Reserve(shanghai.Ship(10_000) with { OwnerId = "member-1" });

        Assert.Equal(ErrorCodes.HoldLimit, full.Code);
        Assert.Equal(10_000, again.Quantity);
        Assert.Equal((30_000, 10_000, 20_000), Counts(await shanghai.Pool.GetInventory()));
    }

    [Fact]
    public async Task StockSetOrAdjusted_RightAfterReservationsLapsed_DoesNotCountThem_AndARefusedChangeStillWritesTheLapse()
    {
        // Out of memory while their time passes, so no sweep has recorded the lapses when the stock changes.
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");
        await shanghai.Pool.Reserve(shanghai.Ship(6));
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var set = await shanghai.Pool.SetOnHand(store, 2);

        await shanghai.Pool.Reserve(shanghai.Ship(1));
        await Activations.Deactivate(fixture.Grains, shanghai.Pool);
        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        var negative = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("count-1", store, -3, "stock count"));
        var adjusted = await shanghai.Pool.Adjust("count-2", store, -2, "stock count");

        Assert.Equal((2L, 0L), (set.OnHand, set.Reserved));
        Assert.Equal(ErrorCodes.NegativeStock, negative.Code);
        Assert.Equal((0L, 0L), (adjusted.OnHand, adjusted.Reserved));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
        Assert.Equal(2, (await shanghai.Pool.GetLedger(0, 100)).Entries.Count(l => l.Kind == StockMovementKind.Expire));
    }

    private static (long OnHand, long Reserved, long Available) Counts(InventoryView view) => (view.OnHand, view.Reserved, view.Available);

    private static async Task WaitForExpiryLine(IInventoryPoolGrain pool)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await pool.GetLedger(0, 1000)).Entries.Any(l => l.Kind == StockMovementKind.Expire))
        {
            Assert.True(DateTime.UtcNow < deadline, "The sweep did not expire the reservation within 10 s.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
