using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>The stock ledger in PostgreSQL: one INSERT per group commit, whatever the batch size.</summary>
public sealed class PostgresStockLedger(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IStockLedger
{
    private const string Columns =
        "seq, at, kind, store_id, on_hand_delta, reserved_delta, on_hand_after, reserved_after, reference_id, reason, expires_at, distance_km, order_id, owner_id";

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default)
    {
        if (movements.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateOwnedCommand(
            $"INSERT INTO stock_ledger (service_id, pool_id, {Columns}) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)", _serviceId, poolId);
        UnnestColumns.Add(command, movements, m => m.Seq, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, movements, m => m.At.UtcDateTime, NpgsqlDbType.TimestampTz);
        UnnestColumns.Add(command, movements, m => (short)m.Kind, NpgsqlDbType.Smallint);
        UnnestColumns.Add(command, movements, m => m.StoreId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, movements, m => m.OnHandDelta, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, movements, m => m.ReservedDelta, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, movements, m => m.OnHandAfter, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, movements, m => m.ReservedAfter, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, movements, m => m.ReferenceId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, movements, m => m.Reason, NpgsqlDbType.Text);
        UnnestColumns.Add(command, movements, m => m.ExpiresAt?.UtcDateTime, NpgsqlDbType.TimestampTz);
        UnnestColumns.Add(command, movements, m => m.DistanceKm, NpgsqlDbType.Double);
        UnnestColumns.Add(command, movements, m => m.OrderId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, movements, m => m.OwnerId, NpgsqlDbType.Text);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            $"SELECT {Columns} FROM stock_ledger WHERE service_id = $1 AND pool_id = $2 AND seq > $3 ORDER BY seq LIMIT $4", _serviceId, poolId);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSeq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });

        var lines = new List<StockMovement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new StockMovement(
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
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return lines;
    }
}
