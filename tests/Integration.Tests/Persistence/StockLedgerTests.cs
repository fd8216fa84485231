using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Persistence;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class StockLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_ReadBackWithEveryField_IncludingTheMemberWhoReserved_PerServiceAndPool()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        StockMovement[] lines =
        [
            new(1, At, StockMovementKind.Set, "store-a", 10, 0, 10, 0),
            new(2, At, StockMovementKind.Reserve, "store-a", 0, 3, 10, 3, "r-1", "ship", At.AddMinutes(15), 1.25, OwnerId: "member-1"),
            new(3, At, StockMovementKind.Reserve, "store-a", 0, 2, 10, 5, "o-1.0", "pickup", At.AddMinutes(17), 0.5, OrderId: "o-1"),
        ];

        await ledger.AppendAsync("sku-1@sh", lines, Cancel);

        Assert.Equal(lines, await ledger.ReadAsync("sku-1@sh", 0, 10, Cancel));
        Assert.Equal([lines[2]], await ledger.ReadAsync("sku-1@sh", 2, 10, Cancel));
        Assert.Empty(await ledger.ReadAsync("sku-2@sh", 0, 10, Cancel));
        Assert.Empty(await Ledger(database.DataSource, "service-b").ReadAsync("sku-1@sh", 0, 10, Cancel));
    }

    [Fact]
    public async Task ALedgerStoredBeforeReservationsHadOwners_GetsTheColumnAtStart_AndItsLinesReadBackWithoutOne()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var old = dataSource.CreateCommand(
            """
            CREATE TABLE stock_ledger (service_id text NOT NULL, pool_id text NOT NULL, seq bigint NOT NULL, at timestamptz NOT NULL,
                kind smallint NOT NULL, store_id text NOT NULL, on_hand_delta bigint NOT NULL, reserved_delta bigint NOT NULL,
                on_hand_after bigint NOT NULL, reserved_after bigint NOT NULL, reference_id text NULL, reason text NULL,
                expires_at timestamptz NULL, distance_km double precision NULL, order_id text NULL, PRIMARY KEY (service_id, pool_id, seq));
            INSERT INTO stock_ledger VALUES ('service-a', 'sku-1@sh', 1, '2026-12-02T09:00:00Z', 3, 'store-a', 0, 3, 10, 3, 'r-1', 'ship',
                '2026-12-02T09:15:00Z', 1.25, NULL);
            """))
        {
            await old.ExecuteNonQueryAsync(Cancel);
        }

        await new PostgresSchema(dataSource, NullLogger<PostgresSchema>.Instance).EnsureCreatedAsync(Cancel);
        var ledger = Ledger(dataSource, "service-a");
        var owned = new StockMovement(2, At, StockMovementKind.Reserve, "store-a", 0, 1, 10, 4, "r-2", "ship", At.AddMinutes(15), 1.25, OwnerId: "member-2");
        await ledger.AppendAsync("sku-1@sh", [owned], Cancel);

        var lines = await ledger.ReadAsync("sku-1@sh", 0, 10, Cancel);
        Assert.Equal(("r-1", null), (lines[0].ReferenceId, lines[0].OwnerId));
        Assert.Equal(owned, lines[1]);
    }

    private static PostgresStockLedger Ledger(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
