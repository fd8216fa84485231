using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Stores;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class FulfilmentQueueStoreTests
{
    private static readonly DateTimeOffset ConfirmedAt = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_AreQueuedOnce_MarkedDone_AndADoneLineIsNeverQueuedAgain()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");
        var shipped = Line("r-1", "o-1", FulfilmentMode.Ship);
        var pickup = Line("r-2", null, FulfilmentMode.Pickup);

        var first = await store.ApplyAsync("store-a", [Add(shipped), Add(pickup), Add(pickup)], Cancel);

        // A repeated confirm, the shipped order marked done, then its confirm repeated once more.
        var repeated = await store.ApplyAsync("store-a", [Add(shipped)], Cancel);
        await store.ApplyAsync("store-a", [new FulfilmentChange(shipped, ConfirmedAt.AddHours(2))], Cancel);
        var afterDone = await store.ApplyAsync("store-a", [Add(shipped), Add(Line("r-3", "o-3", FulfilmentMode.Ship))], Cancel);
        await store.ApplyAsync("store-b", [Add(shipped)], Cancel);

        Assert.Equal([shipped, pickup], first);
        Assert.Empty(repeated);
        Assert.Equal(["r-3"], afterDone.Select(l => l.ReservationId));
        var waiting = (await store.ReadWaitingAsync("store-a", Cancel)).OrderBy(l => l.ReservationId, StringComparer.Ordinal).ToList();
        Assert.Equal([pickup, Line("r-3", "o-3", FulfilmentMode.Ship)], waiting);
        Assert.Equal([shipped], await store.ReadWaitingAsync("store-b", Cancel));
        Assert.Empty(await Store(database.DataSource, "service-b").ReadWaitingAsync("store-a", Cancel));
        Assert.Empty(await store.ApplyAsync("store-a", [], Cancel));
    }

    [Fact]
    public async Task OneReservationIdInTwoSkusPools_IsTwoLines_EachDoneOnItsOwn()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");
        var serum = Line("r-1", null, FulfilmentMode.Ship);
        var cream = serum with { Sku = "sku-cream", Quantity = 5 };

        var added = await store.ApplyAsync("store-a", [Add(serum), Add(cream)], Cancel);
        await store.ApplyAsync("store-a", [new FulfilmentChange(serum, ConfirmedAt.AddHours(1))], Cancel);

        Assert.Equal([serum, cream], added);
        Assert.Equal([cream], await store.ReadWaitingAsync("store-a", Cancel));
    }

    [Fact]
    public async Task ASchemaKeyedWithoutTheSku_IsRekeyed_KeepingItsRows()
    {
        // The table as it was created before 2026-12-02, with a waiting line in it; then the schema is applied again.
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        await using (var old = database.DataSource.CreateCommand(
            "ALTER TABLE fulfilment_line DROP CONSTRAINT fulfilment_line_pkey, ADD PRIMARY KEY (service_id, store_id, reservation_id)"))
        {
            await old.ExecuteNonQueryAsync(Cancel);
        }

        var store = Store(database.DataSource, "service-a");
        var serum = Line("r-1", null, FulfilmentMode.Ship);
        await store.ApplyAsync("store-a", [Add(serum)], Cancel);

        await new PostgresSchema(database.DataSource, NullLogger<PostgresSchema>.Instance).EnsureCreatedAsync(Cancel);
        var cream = serum with { Sku = "sku-cream" };
        var added = await store.ApplyAsync("store-a", [Add(cream)], Cancel);

        Assert.Equal([cream], added);
        Assert.Equal([serum, cream], (await store.ReadWaitingAsync("store-a", Cancel)).OrderBy(l => l.Sku == "sku-cream"));
    }

    [Fact]
    public async Task ALineIsFound_WaitingThenDone_KeepingTheTimeItWasFirstMarkedDone()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var store = Store(database.DataSource, "service-a");
        var pickup = Line("r-1", null, FulfilmentMode.Pickup);
        await store.ApplyAsync("store-a", [Add(pickup)], Cancel);

        var waiting = await store.FindAsync("store-a", "sku-serum", "r-1", Cancel);
        await store.ApplyAsync("store-a", [new FulfilmentChange(pickup, ConfirmedAt.AddHours(1))], Cancel);
        await store.ApplyAsync("store-a", [new FulfilmentChange(pickup, ConfirmedAt.AddHours(2))], Cancel);

        Assert.Equal(Add(pickup), waiting);
        Assert.Equal(new FulfilmentChange(pickup, ConfirmedAt.AddHours(1)), await store.FindAsync("store-a", "sku-serum", "r-1", Cancel));
        Assert.Null(await store.FindAsync("store-a", "sku-cream", "r-1", Cancel));
        Assert.Null(await store.FindAsync("store-b", "sku-serum", "r-1", Cancel));
        Assert.Null(await Store(database.DataSource, "service-b").FindAsync("store-a", "sku-serum", "r-1", Cancel));
    }

    private static FulfilmentLine Line(string reservationId, string? orderId, FulfilmentMode mode) =>
        new(reservationId, "sku-serum", 2, mode, orderId, ConfirmedAt);

    private static FulfilmentChange Add(FulfilmentLine line) => new(line, DoneAt: null);

    private static PostgresFulfilmentQueueStore Store(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
