using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class SaleHoldStoreTests
{
    private static readonly DateTimeOffset ExpiresAt = new(2026, 12, 1, 12, 5, 30, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Holds_AreStoredWhole_ThenOnlyTheirStatusChanges_AndAFinishedHoldKeepsItsStatus()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");
        var split = Hold("o-1", HoldStatus.Held, new Allocation("store-a", 2, 1.25), new Allocation("store-b", 1, 7.5));

        await store.WriteAsync("room-1", [split, Hold("o-2", HoldStatus.Held, new Allocation("store-a", 1, 1.25))], Cancel);
        await store.WriteAsync("room-2", [Hold("o-1", HoldStatus.Held, new Allocation("store-c", 4, 0))], Cancel);

        // Paid, and a lapse that comes too late for it; the second order lapses.
        await store.WriteAsync("room-1", [split with { Status = HoldStatus.Sold }, Hold("o-2", HoldStatus.Released, new Allocation("store-a", 1, 1.25))], Cancel);
        await store.WriteAsync("room-1", [split with { Status = HoldStatus.Released }], Cancel);

        var holds = (await store.ReadAsync("room-1", Cancel)).OrderBy(h => h.OrderId, StringComparer.Ordinal).ToList();
        Assert.Equal(["o-1", "o-2"], holds.Select(h => h.OrderId));
        Assert.Equal((HoldStatus.Sold, "m-1", "s-1", ExpiresAt), (holds[0].Status, holds[0].BuyerId, holds[0].SaleId, holds[0].ExpiresAt));
        Assert.Equal(split.Units, holds[0].Units);
        Assert.Equal(HoldStatus.Released, holds[1].Status);
        Assert.Equal(4, (await store.ReadAsync("room-2", Cancel)).Single().Units.Single().Quantity);
        Assert.Empty(await store.ReadAsync("room-3", Cancel));
        Assert.Empty(await Store(database.DataSource, "service-b").ReadAsync("room-1", Cancel));
    }

    private static SaleHold Hold(string orderId, HoldStatus status, params Allocation[] units) =>
        new(orderId, "s-1", [.. units], ExpiresAt, status, "m-1");

    private static PostgresSaleHoldStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
