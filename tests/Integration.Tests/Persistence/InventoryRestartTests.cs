using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class InventoryRestartTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledSilo_OnPostgreSQL_LosesNothingThatWasAcknowledged()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var settings = database.ClusterSettings(clusterId);
        const string regionId = "shanghai";
        const string sku = "sku-serum";
        var pool = PoolKey.For(sku, regionId);
        var acknowledged = new ConcurrentBag<Reservation>();
        Reservation shortLived;
        int siloPort, gatewayPort;

        await using (var silo = SiloProcess.Start(settings))
        await using (var client = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId))
        {
            var grains = client.Grains;
            await grains.GetGrain<IRegionGrain>(regionId).Define("Shanghai");
            await grains.GetGrain<ISkuGrain>(sku).Define("Hydrating Serum 30ml", 32900);
            var stores = new[] { (31.2352, 121.4800), (31.2197, 121.4752), (31.2376, 121.5003), (31.2231, 121.4455), (31.1955, 121.4366) }
                .Select((at, i) => new StoreProfile($"sh-{i}", $"Store {i}", regionId, at.Item1, at.Item2, "brand", StoreOwnership.Direct, true, true))
                .ToList();
            foreach (var store in stores)
            {
                await grains.GetGrain<IStoreGrain>(store.StoreId).Define(store);
            }

            await grains.GetGrain<IInventoryPoolGrain>(pool).SetOnHandMany([.. stores.Select(s => new StoreCount(s.StoreId, 25))]);

            await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
            {
                try
                {
                    acknowledged.Add(await grains.GetGrain<IInventoryPoolGrain>(pool)
                        .Reserve(new ReservationRequest($"r-{i}", 1, 31.2323, 121.4735, FulfilmentMode.Ship)));
                }
                catch (DomainException error) when (error.Code == ErrorCodes.InsufficientStock)
                {
                }
            }));

            var held = acknowledged.OrderBy(r => r.ReservationId, StringComparer.Ordinal).ToList();
            foreach (var reservation in held.Take(10))
            {
                await grains.GetGrain<IInventoryPoolGrain>(pool).Confirm(reservation.ReservationId);
            }

            foreach (var reservation in held.Skip(10).Take(10))
            {
                await grains.GetGrain<IInventoryPoolGrain>(pool).Release(reservation.ReservationId);
            }

            shortLived = await grains.GetGrain<IInventoryPoolGrain>(pool)
                .Reserve(new ReservationRequest("r-short", 1, 31.2323, 121.4735, FulfilmentMode.Ship, TtlSeconds: 2));

            // No graceful shutdown: whatever was acknowledged must already be in PostgreSQL.
            await silo.KillAsync();
            (siloPort, gatewayPort) = (silo.SiloPort, silo.GatewayPort);
        }

        Assert.Equal(125, acknowledged.Count);
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

        await using var restarted = SiloProcess.Start(settings, siloPort, gatewayPort);
        await using var after = await ClusterClient.ConnectAsync(database.ConnectionString, clusterId);
        var poolAfter = after.Grains.GetGrain<IInventoryPoolGrain>(pool);

        var statuses = await Task.WhenAll(acknowledged.Select(r => poolAfter.GetReservation(r.ReservationId)));
        Assert.All(statuses, s => Assert.NotNull(s));
        Assert.Equal(10, statuses.Count(s => s!.Status == ReservationStatus.Confirmed));
        Assert.Equal(10, statuses.Count(s => s!.Status == ReservationStatus.Released));
        Assert.Equal(105, statuses.Count(s => s!.Status == ReservationStatus.Held));

        // The short reservation lapsed while no silo ran; the restarted pool records its expiry by itself.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await poolAfter.GetLedger(0, 1000)).Entries.Any(l => l.Kind == StockMovementKind.Expire && l.ReferenceId == shortLived.ReservationId))
        {
            Assert.True(DateTime.UtcNow < deadline, "The restarted pool did not expire the short reservation.");
            await Task.Delay(200, Cancel);
        }

        var view = await poolAfter.GetInventory();
        Assert.Equal((115, 105, 10), (view.OnHand, view.Reserved, view.Available));
        var next = await poolAfter.Reserve(new ReservationRequest("r-after", 2, 31.2323, 121.4735, FulfilmentMode.Ship));
        Assert.Equal(2, next.Quantity);

        var lines = (await poolAfter.GetLedger(0, 1000)).Entries;
        Assert.Equal(Enumerable.Range(1, lines.Length).Select(i => (long)i), lines.Select(l => l.Seq));
    }
}
