using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

/// <summary>
/// PostgreSQL takes any sequence numbers, so a line a pool recorded in memory and never wrote would leave a gap in its
/// ledger, and every later activation's replay would stop at it: the pool could never load again.
/// </summary>
public sealed class LedgerGapTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReservationRefusedJustAfterAnotherLapsed_LeavesAGaplessLedger_ThatAPoolRestartedOnPostgreSqlLoads()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var (regionId, sku, storeId) = (TestIds.New("sh"), TestIds.New("sku"), TestIds.New("st"));
        var pool = PoolKey.For(sku, regionId);

        await using (var edge = PostgresEdge.Start(database, clusterId))
        {
            var grains = edge.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IRegionGrain>(regionId).Define("Shanghai");
            await grains.GetGrain<ISkuGrain>(sku).Define("Hydrating Serum 30ml", 32900);
            await grains.GetGrain<IStoreGrain>(storeId).Define(
                new StoreProfile(storeId, "Nanjing Road East", regionId, 31.2352, 121.4800, "brand", StoreOwnership.Direct, true, true));
            await grains.GetGrain<IInventoryPoolGrain>(pool).SetOnHand(storeId, 10);
            var lapsing = await grains.GetGrain<IInventoryPoolGrain>(pool)
                .Reserve(new ReservationRequest("r-lapsing", 6, 31.2323, 121.4735, FulfilmentMode.Ship, TtlSeconds: 1));

            // Just after its time, before the pool's sweep (once a second) is likely to have recorded the lapse: the
            // refused request is the one that comes upon it.
            var wait = lapsing.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Cancel);
            var refused = await Assert.ThrowsAsync<DomainException>(() => grains.GetGrain<IInventoryPoolGrain>(pool)
                .Reserve(new ReservationRequest("r-too-many", 11, 31.2323, 121.4735, FulfilmentMode.Ship)));
            await grains.GetGrain<IInventoryPoolGrain>(pool).Reserve(new ReservationRequest("r-after", 3, 31.2323, 121.4735, FulfilmentMode.Ship));
            Assert.Equal(ErrorCodes.InsufficientStock, refused.Code);
        }

        // A new silo on the same database rebuilds the pool from its ledger alone (too few lines for a snapshot).
        await using var restarted = PostgresEdge.Start(database, clusterId);
        var poolAfter = restarted.Services.GetRequiredService<IGrainFactory>().GetGrain<IInventoryPoolGrain>(pool);
        var inventory = await poolAfter.GetInventory();
        var ledger = (await poolAfter.GetLedger(0, 100)).Entries;

        Assert.Equal((10L, 3L, 7L), (inventory.OnHand, inventory.Reserved, inventory.Available));
        Assert.Equal(Enumerable.Range(1, ledger.Length).Select(i => (long)i), ledger.Select(l => l.Seq));
        Assert.Contains(ledger, l => l.Kind == StockMovementKind.Expire && l.ReferenceId == "r-lapsing");
    }
}
