using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

[Collection(ClusterCollection.Name)]
public sealed class ReservationTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Reserve_ThousandConcurrentBuyersOnHundredUnitsOverFiveStores_ExactlyHundredSucceed()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, 20),
            new("Xintiandi", Xintiandi, 20),
            new("Lujiazui", Lujiazui, 20),
            new("Jing'an Temple", JingAnTemple, 20),
            new("Xujiahui", Xujiahui, 20));
        var refusals = new ConcurrentBag<string>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ =>
        {
            try
            {
                await shanghai.Pool.Reserve(shanghai.Ship(1));
                return true;
            }
            catch (DomainException error)
            {
                refusals.Add(error.Code);
                return false;
            }
        }));

        Assert.Equal(100, outcomes.Count(ok => ok));
        Assert.All(refusals, code => Assert.Equal(ErrorCodes.InsufficientStock, code));
        var view = await shanghai.Pool.GetInventory();
        Assert.Equal((0, 100, 100), (view.Available, view.OnHand, view.Reserved));
        Assert.All(view.Stores, s => Assert.Equal(s.OnHand, s.Reserved));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
    }

    [Fact]
    public async Task Reserve_SameIdTwice_HoldsStockOnceAndAnswersTheSame()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var request = shanghai.Ship(3);

        var first = await shanghai.Pool.Reserve(request);
        var again = await shanghai.Pool.Reserve(request);

        Assert.Equal(first.Allocations, again.Allocations);
        Assert.Equal(first.ExpiresAt, again.ExpiresAt);
        Assert.Equal(3, (await shanghai.Pool.GetInventory()).Reserved);
    }

    [Fact]
    public async Task Reserve_SameIdForADifferentRequest_IsAConflict()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var request = shanghai.Ship(3);
        await shanghai.Pool.Reserve(request);

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(request with { Quantity = 4 }));

        Assert.Equal(ErrorCodes.ReservationConflict, error.Code);
        Assert.Equal(3, (await shanghai.Pool.GetInventory()).Reserved);
    }

    [Fact]
    public async Task Confirm_LowersOnHandAtTheAllocatedStoresAndQueuesTheirFulfilment_Once()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, 4),
            new("Xujiahui", Xujiahui, 8));
        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(10));

        await shanghai.Pool.Confirm(reservation.ReservationId);
        var again = await shanghai.Pool.Confirm(reservation.ReservationId);

        Assert.Equal(ReservationStatus.Confirmed, again.Status);
        var view = await shanghai.Pool.GetInventory();
        Assert.Equal((2, 0), (view.OnHand, view.Reserved));
        var nanjingQueue = await _grains.GetGrain<IStoreGrain>(shanghai.Store("Nanjing Road East")).GetFulfilmentQueue();
        var xujiahuiQueue = await _grains.GetGrain<IStoreGrain>(shanghai.Store("Xujiahui")).GetFulfilmentQueue();
        Assert.Equal(4, Assert.Single(Assert.Single(nanjingQueue).Lines).Quantity);
        Assert.Equal(6, Assert.Single(Assert.Single(xujiahuiQueue).Lines).Quantity);
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
    }

    [Fact]
    public async Task Release_GivesTheStockBackAndIsIdempotent_ButNotAfterConfirm()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var released = await shanghai.Pool.Reserve(shanghai.Ship(2));
        var confirmed = await shanghai.Pool.Reserve(shanghai.Ship(3));
        await shanghai.Pool.Confirm(confirmed.ReservationId);

        await shanghai.Pool.Release(released.ReservationId);
        var again = await shanghai.Pool.Release(released.ReservationId);
        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Release(confirmed.ReservationId));

        Assert.Equal(ReservationStatus.Released, again.Status);
        Assert.Equal(ErrorCodes.ReservationConfirmed, error.Code);
        var view = await shanghai.Pool.GetInventory();
        Assert.Equal((7, 7, 0), (view.Available, view.OnHand, view.Reserved));
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
    }

    [Fact]
    public async Task ConfirmOrRelease_UnknownReservation_Returns404()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Confirm("never-made"));

        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownReservation), (error.Kind, error.Code));
    }

    [Fact]
    public async Task Reservation_WithOneSecondTtl_LapsesByItselfAndCannotBeConfirmed()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var reservation = await shanghai.Pool.Reserve(shanghai.Ship(4, ttlSeconds: 1));

        await WaitFor(async () => (await shanghai.Pool.GetLedger(0, 1000)).Entries.Any(l => l.Kind == StockMovementKind.Expire));

        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Confirm(reservation.ReservationId));
        Assert.Equal(ErrorCodes.ReservationExpired, error.Code);
        Assert.Equal(10, (await shanghai.Pool.GetInventory()).Available);
        Assert.Equal(ReservationStatus.Expired, (await shanghai.Pool.GetReservation(reservation.ReservationId))!.Status);
    }

    [Fact]
    public async Task Adjust_SameIdTwice_MovesStockOnce_AndDifferentValuesConflict()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var store = shanghai.Store("Nanjing Road East");

        await shanghai.Pool.Adjust("delivery-1", store, 5, "goods received");
        var again = await shanghai.Pool.Adjust("delivery-1", store, 5, "goods received");
        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Adjust("delivery-1", store, 6, "goods received"));

        Assert.Equal(15, again.OnHand);
        Assert.Equal(ErrorCodes.AdjustmentConflict, error.Code);
    }

    [Fact]
    public async Task SafetyStock_IsHeldBackFromAvailable()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));

        var view = await shanghai.Pool.SetSafetyStock(4);
        var error = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(7)));

        Assert.Equal(6, view.Available);
        Assert.Equal(ErrorCodes.InsufficientStock, error.Code);
        Assert.Equal(6, (await shanghai.Pool.Reserve(shanghai.Ship(6))).Quantity);
    }

    [Fact]
    public async Task LedgerTail_IsTheLatestLines_AsTheLedgerHasThem_WhileReservationsComeIn_AndAfterARebuild()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 100));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => shanghai.Pool.Reserve(shanghai.Ship(1))));
        var reserving = Enumerable.Range(0, 10).Select(_ => shanghai.Pool.Reserve(shanghai.Ship(1))).ToList();
        var tail = await shanghai.Pool.GetLedgerTail(5);
        await Task.WhenAll(reserving);
        var whole = await shanghai.Pool.GetLedger(0, 1000);

        // Its count set and 20 reservations before it; of the 10 coming in meanwhile, as many as it found recorded.
        Assert.InRange(tail.Next, 21, 31);
        Assert.Equal(whole.Entries.Where(e => e.Seq > tail.Next - 5 && e.Seq <= tail.Next), tail.Entries);
        Assert.Equal(5, tail.Entries.Length);
        Assert.False(tail.HasMore);
        var last = whole.Entries[^1].Seq;
        Assert.Equal(last, (await shanghai.Pool.GetLedgerTail(1)).Next);
        Assert.Equal(whole.Entries, (await shanghai.Pool.GetLedgerTail(1000)).Entries);

        await fixture.Cluster.DeactivateAsync(shanghai.Pool);

        Assert.Equal(whole.Entries.TakeLast(3), (await shanghai.Pool.GetLedgerTail(3)).Entries);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.GetLedgerTail(0))).Code);
    }

    [Fact]
    public async Task Pool_AfterDeactivation_RebuildsTheSameBooksFromSnapshotAndLedger()
    {
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, 30),
            new("Xujiahui", Xujiahui, 30));
        var held = new List<Reservation>();
        for (var i = 0; i < 25; i++)
        {
            held.Add(await shanghai.Pool.Reserve(shanghai.Ship(2)));
        }

        foreach (var reservation in held.Take(10))
        {
            await shanghai.Pool.Confirm(reservation.ReservationId);
        }

        await shanghai.Pool.Adjust("damage-1", shanghai.Store("Xujiahui"), -1, "damaged");
        var before = await shanghai.Pool.GetInventory();

        await fixture.Cluster.DeactivateAsync(shanghai.Pool);

        var after = await shanghai.Pool.GetInventory();
        Assert.Equal(before with { Stores = [] }, after with { Stores = [] });
        Assert.Equal(before.Stores, after.Stores);
        Assert.Equal(ReservationStatus.Held, (await shanghai.Pool.GetReservation(held[^1].ReservationId))!.Status);
        var replayed = await shanghai.Pool.Reserve(shanghai.Ship(2, held[^1].ReservationId));
        Assert.Equal(held[^1].Allocations, replayed.Allocations);
        Assert.Equal(held[^1].ExpiresAt, replayed.ExpiresAt);
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);
    }

    [Fact]
    public async Task Reservation_KeepsTheMemberWhoMadeIt_AcrossARebuild_AndTheSameIdFromAnotherMemberIsAConflict()
    {
        // SnapshotMinLines is 10 here: the rebuild reads a snapshot and the ledger lines after it.
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 30));
        var owned = shanghai.Ship(2) with { OwnerId = "member-1" };
        await shanghai.Pool.Reserve(owned);
        for (var i = 0; i < 12; i++)
        {
            await shanghai.Pool.Reserve(shanghai.Ship(1) with { OwnerId = $"member-{i + 2}" });
        }

        await fixture.Cluster.DeactivateAsync(shanghai.Pool);

        Assert.Equal("member-1", (await shanghai.Pool.GetReservation(owned.ReservationId))!.OwnerId);
        Assert.Equal("member-1", (await shanghai.Pool.Reserve(owned)).OwnerId);
        var taken = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(owned with { OwnerId = "member-2" }));
        Assert.Equal(ErrorCodes.ReservationConflict, taken.Code);
        Assert.Equal(14, (await shanghai.Pool.GetInventory()).Reserved);
    }

    [Fact]
    public async Task OneMember_ReservingAtOnce_HoldsAtMostTheLimit_WhileOthersAndOrdersStillReserve_AndTheCountSurvivesARebuild()
    {
        // The limit is 10,000 units per member per pool (Inventory:MaxHeldPerMember's default).
        var shanghai = await Open(_grains,
            new("Nanjing Road East", NanjingRoadEast, 20_000),
            new("Xujiahui", Xujiahui, 20_000));
        var refusals = new ConcurrentBag<string>();
        var held = new ConcurrentBag<Reservation>();

        await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            try
            {
                held.Add(await shanghai.Pool.Reserve(shanghai.Ship(1000) with { OwnerId = "hoarder" }));
            }
            catch (DomainException error)
            {
                refusals.Add(error.Code);
            }
        }));
        await shanghai.Pool.Reserve(shanghai.Ship(1000) with { OwnerId = "neighbour" });
        await shanghai.Pool.Reserve(shanghai.Ship(5000) with { OrderId = "o-large" });

        Assert.Equal(10, held.Count);
        Assert.Equal(Enumerable.Repeat(ErrorCodes.HoldLimit, 20), refusals);
        Assert.Equal(16_000, (await shanghai.Pool.GetInventory()).Reserved);
        await LedgerReconciliation.AssertReconciles(shanghai.Pool);

        // What the member gives back or buys makes room again, also as the books are rebuilt from snapshot and ledger.
        await shanghai.Pool.Release(held.First().ReservationId);
        await shanghai.Pool.Reserve(shanghai.Ship(1000) with { OwnerId = "hoarder" });
        await fixture.Cluster.DeactivateAsync(shanghai.Pool);
        var stillFull = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(shanghai.Ship(1) with { OwnerId = "hoarder" }));
        await shanghai.Pool.Confirm(held.Last().ReservationId);
        await shanghai.Pool.Reserve(shanghai.Ship(1000) with { OwnerId = "hoarder" });

        Assert.Equal(ErrorCodes.HoldLimit, stillFull.Code);
        Assert.Equal(16_000, (await shanghai.Pool.GetInventory()).Reserved);
    }

    [Fact]
    public async Task AnOrdersReservation_StoredBeforeOrdersNamedTheirMember_IsTheSameRequest_WhenTheOrderRetriesNamingIt()
    {
        var shanghai = await Open(_grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var before = shanghai.Ship(3) with { OrderId = "o-upgraded" };
        var first = await shanghai.Pool.Reserve(before);

        var retried = await shanghai.Pool.Reserve(before with { OwnerId = "member-1" });
        var otherOrder = await Assert.ThrowsAsync<DomainException>(() => shanghai.Pool.Reserve(before with { OrderId = "o-other", OwnerId = "member-1" }));

        Assert.Equal(first.Allocations, retried.Allocations);
        Assert.Equal(ErrorCodes.ReservationConflict, otherOrder.Code);
        Assert.Equal(3, (await shanghai.Pool.GetInventory()).Reserved);
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Ledger_ReadWhileAMovementIsStillBeingWritten_WaitsForIt_SoItHoldsEveryMovementTheCountsShow()
    {
        var shanghai = await Open(_grains, new StoreSpec("Xintiandi", Xintiandi, 5));
        var owner = $"pool/{shanghai.Pool.GetPrimaryKeyString()}";
        var writing = fixture.StorageFaults.HoldNextAppend(owner);
        var reserving = shanghai.Pool.Reserve(shanghai.Ship(2));
        await fixture.StorageFaults.HeldAppendReached(owner);

        // The counts answer from memory, which has the reservation already; the ledger is read from storage.
        Assert.Equal(2, (await shanghai.Pool.GetInventory()).Reserved);
        var reading = LedgerReconciliation.Fold(shanghai.Pool);
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        var answeredWhileWriting = reading.IsCompleted;
        writing.SetResult();
        await reserving;
        var (_, folded) = await reading;

        Assert.False(answeredWhileWriting);
        Assert.Equal((5L, 2L), folded[shanghai.Store("Xintiandi")]);
    }
}
