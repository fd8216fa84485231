using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Persistence;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class StockLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    // The silo's own serializer for the ledger's rows, as the Orleans host registers it.
    private static readonly Serializer<StockMovement[]> MovementSerializer = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(StockMovement).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer<StockMovement[]>>();

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
    public async Task ReadsFromAnyLine_AcrossGroupCommits_InOrder_UpToTheNumberAsked()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var lines = Enumerable.Range(1, 12).Select(Line).ToArray();
        foreach (var commit in new[] { lines[..3], lines[3..4], lines[4..10], lines[10..] })
        {
            await ledger.AppendAsync("sku-1@sh", commit, Cancel);
        }

        Assert.Equal(lines, await ledger.ReadAsync("sku-1@sh", 0, 100, Cancel));
        Assert.Equal(lines[1..6], await ledger.ReadAsync("sku-1@sh", 1, 5, Cancel));
        Assert.Equal(lines[4..5], await ledger.ReadAsync("sku-1@sh", 4, 1, Cancel));
        Assert.Equal(lines[9..], await ledger.ReadAsync("sku-1@sh", 9, 100, Cancel));
        Assert.Empty(await ledger.ReadAsync("sku-1@sh", 12, 100, Cancel));
        Assert.Empty(await ledger.ReadAsync("sku-1@sh", long.MaxValue, int.MaxValue, Cancel));
    }

    [Fact]
    public async Task AnAppendThatDoesNotContinueTheStoredLines_IsRefusedWhole_AndChangesNothing()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var lines = Enumerable.Range(1, 6).Select(Line).ToArray();
        await ledger.AppendAsync("sku-1@sh", lines[..3], Cancel);

        // A second activation writing the same lines, one overlapping them, one leaving a gap, and a first append
        // that does not start at line 1 (another pool's ledger).
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("sku-1@sh", lines[..2], Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("sku-1@sh", lines[2..5], Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("sku-1@sh", lines[4..], Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("sku-2@sh", lines[1..], Cancel));

        Assert.Equal(lines[..3], await ledger.ReadAsync("sku-1@sh", 0, 100, Cancel));
        Assert.Empty(await ledger.ReadAsync("sku-2@sh", 0, 100, Cancel));
        await ledger.AppendAsync("sku-1@sh", lines[3..], Cancel);
        Assert.Equal(lines, await ledger.ReadAsync("sku-1@sh", 0, 100, Cancel));
    }

    [Fact]
    public async Task TwoActivationsWritingTheSameNextLinesAtOnce_OneIsStored_TheOtherRefused()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var first = Enumerable.Range(1, 4).Select(Line).ToArray();
        var second = Enumerable.Range(1, 2).Select(n => Line(n) with { StoreId = "store-b" }).ToArray();

        var writes = await Task.WhenAll(new[] { first, second }.Select(async lines =>
        {
            try
            {
                await ledger.AppendAsync("sku-1@sh", lines, Cancel);
                return lines;
            }
            catch (Exception ex) when (ex is InvalidOperationException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return null;
            }
        }));

        var stored = Assert.Single(writes, w => w is not null);
        Assert.Equal(stored, await ledger.ReadAsync("sku-1@sh", 0, 100, Cancel));
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

        // Lines stored one per row before 2026-12-05 come first, and the pool's next commit must continue after them.
        Assert.Equal([owned], await ledger.ReadAsync("sku-1@sh", 1, 10, Cancel));
        Assert.Equal([lines[0]], await ledger.ReadAsync("sku-1@sh", 0, 1, Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync("sku-1@sh", [owned with { Seq = 1 }], Cancel));
    }

    private static StockMovement Line(int seq) =>
        new(seq, At.AddSeconds(seq), StockMovementKind.Reserve, "store-a", 0, 1, 100, seq, $"r-{seq}", "ship", At.AddMinutes(15), 1.25, OwnerId: $"member-{seq}");

    private static PostgresStockLedger Ledger(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }), MovementSerializer);
}
