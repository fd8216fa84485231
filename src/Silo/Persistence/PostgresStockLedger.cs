using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// The stock ledger in PostgreSQL: each group commit is one row of <c>stock_ledger_batch</c>, its lines in the Orleans
/// binary format (as grain state is stored). Lines written before 2026-12-05, one row each in <c>stock_ledger</c>, are
/// read first.
/// </summary>
/// <remarks>
/// One row per batch rather than per line: a row per line made PostgreSQL insert a heap tuple and an index entry for
/// every reservation, half its CPU on the flash-sale path and most of the time a group commit waited for; one row takes
/// a batch of any size for the cost of one. The ledger stays readable line by line through the pool
/// (<c>GET /api/inventory/{regionId}/{sku}/ledger</c>).
/// </remarks>
public sealed class PostgresStockLedger(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, Serializer<StockMovement[]> serializer) : IStockLedger
{
    private const string ReadLegacySql =
        "SELECT seq, at, kind, store_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, reference_id, reason, expires_at, " +
        "distance_km, order_id, owner_id FROM stock_ledger WHERE service_id = $1 AND pool_id = $2 AND seq > $3 ORDER BY seq LIMIT $4";

    // Stored only where the pool's stored lines end right before the batch (none stored: before line 1). With the key
    // on first_seq, a second writer of the same lines (two activations of one pool) fails, and no gap can be written.
    private const string AppendSql =
        """
        INSERT INTO stock_ledger_batch (service_id, pool_id, first_seq, last_seq, lines)
        SELECT $1, $2, $3, $4, $5
        WHERE COALESCE(
            (SELECT last_seq FROM stock_ledger_batch WHERE service_id = $1 AND pool_id = $2 ORDER BY first_seq DESC LIMIT 1),
            (SELECT max(seq) FROM stock_ledger WHERE service_id = $1 AND pool_id = $2),
            0) = $3 - 1
        """;

    // Lines are gapless, so lines $3 to $4 sit in the batch holding line $3 and in those after it that start by $4.
    private const string ReadBatchesSql =
        """
        SELECT lines FROM stock_ledger_batch
        WHERE service_id = $1 AND pool_id = $2 AND first_seq <= $4 AND first_seq >= COALESCE(
            (SELECT max(first_seq) FROM stock_ledger_batch WHERE service_id = $1 AND pool_id = $2 AND first_seq <= $3), 0)
        ORDER BY first_seq
        """;

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default)
    {
        if (movements.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateOwnedCommand(AppendSql, _serviceId, poolId);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = movements[0].Seq });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = movements[^1].Seq });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = serializer.SerializeToArray([.. movements]) });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException(
                $"Ledger of pool {poolId} does not end at line {movements[0].Seq - 1}; lines {movements[0].Seq}–{movements[^1].Seq} were not stored.");
        }
    }

    public async Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default)
    {
        afterSeq = Math.Max(afterSeq, 0);
        var firstWanted = afterSeq == long.MaxValue ? long.MaxValue : afterSeq + 1;
        var lastWanted = afterSeq > long.MaxValue - take ? long.MaxValue : afterSeq + take;
        await using var batch = dataSource.CreateBatch();
        var legacy = batch.AddOwned(ReadLegacySql, _serviceId, poolId);
        legacy.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSeq });
        legacy.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        var batches = batch.AddOwned(ReadBatchesSql, _serviceId, poolId);
        batches.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstWanted });
        batches.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastWanted });

        var lines = new List<StockMovement>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(ReadLegacyLine(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        while (lines.Count < take && await reader.ReadAsync(cancellationToken))
        {
            var stored = serializer.Deserialize(reader.GetFieldValue<byte[]>(0))
                ?? throw new InvalidDataException($"A ledger row of pool {poolId} holds no lines.");
            foreach (var line in stored)
            {
                if (line.Seq > afterSeq && lines.Count < take)
                {
                    lines.Add(line);
                }
            }
        }

        return lines;
    }

    private static StockMovement ReadLegacyLine(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero),
        (StockMovementKind)reader.GetInt16(2),
        reader.GetString(3),
        reader.GetInt64(4),
        reader.GetInt64(5),
        reader.GetInt64(6),
        reader.GetInt64(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : new DateTimeOffset(reader.GetDateTime(10), TimeSpan.Zero),
        reader.IsDBNull(11) ? null : reader.GetDouble(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetString(13));
}
