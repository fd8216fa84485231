using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Stores;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Stores' fulfilment queues in PostgreSQL: one round trip per group commit (an insert of new lines, an update of done ones).</summary>
public sealed class PostgresFulfilmentQueueStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IFulfilmentQueueStore
{
    private const string LineColumns = "reservation_id, sku, quantity, mode, order_id, confirmed_at";

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task<IReadOnlyList<FulfilmentLine>> ApplyAsync(string storeId, IReadOnlyList<FulfilmentChange> changes, CancellationToken cancellationToken = default)
    {
        var added = changes.Where(c => c.DoneAt is null).Select(c => c.Line).ToList();
        var done = changes.Where(c => c.DoneAt is not null).ToList();
        await using var batch = dataSource.CreateBatch();
        if (added.Count > 0)
        {
            // A line already known (waiting, or done and confirmed again) is left as it is; only new rows come back.
            var insert = batch.AddOwned(
                $"INSERT INTO fulfilment_line (service_id, store_id, {LineColumns}) SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8) " +
                $"ON CONFLICT DO NOTHING RETURNING {LineColumns}", _serviceId, storeId);
            UnnestColumns.Add(insert.Parameters, added, l => l.ReservationId, NpgsqlDbType.Text);
            UnnestColumns.Add(insert.Parameters, added, l => l.Sku, NpgsqlDbType.Text);
            UnnestColumns.Add(insert.Parameters, added, l => l.Quantity, NpgsqlDbType.Integer);
            UnnestColumns.Add(insert.Parameters, added, l => (short)l.Mode, NpgsqlDbType.Smallint);
            UnnestColumns.Add(insert.Parameters, added, l => l.OrderId, NpgsqlDbType.Text);
            UnnestColumns.Add(insert.Parameters, added, l => l.ConfirmedAt, NpgsqlDbType.TimestampTz);
        }

        if (done.Count > 0)
        {
            var update = batch.AddOwned(
                "UPDATE fulfilment_line AS l SET done_at = d.done_at FROM unnest($3, $4, $5) AS d(sku, reservation_id, done_at) " +
                "WHERE l.service_id = $1 AND l.store_id = $2 AND l.sku = d.sku AND l.reservation_id = d.reservation_id AND l.done_at IS NULL",
                _serviceId, storeId);
            UnnestColumns.Add(update.Parameters, done, c => c.Line.Sku, NpgsqlDbType.Text);
            UnnestColumns.Add(update.Parameters, done, c => c.Line.ReservationId, NpgsqlDbType.Text);
            UnnestColumns.Add(update.Parameters, done, c => c.DoneAt!.Value, NpgsqlDbType.TimestampTz);
        }

        if (batch.BatchCommands.Count == 0)
        {
            return [];
        }

        var stored = new List<FulfilmentLine>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (added.Count > 0)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(ReadLine(reader));
            }
        }

        return stored;
    }

    public async Task<FulfilmentChange?> FindAsync(string storeId, string sku, string reservationId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            $"SELECT {LineColumns}, done_at FROM fulfilment_line WHERE service_id = $1 AND store_id = $2 AND sku = $3 AND reservation_id = $4",
            _serviceId, storeId);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sku });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reservationId });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new FulfilmentChange(ReadLine(reader), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6))
            : null;
    }

    public async Task<IReadOnlyList<FulfilmentLine>> ReadWaitingAsync(string storeId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            $"SELECT {LineColumns} FROM fulfilment_line WHERE service_id = $1 AND store_id = $2 AND done_at IS NULL", _serviceId, storeId);

        var lines = new List<FulfilmentLine>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(ReadLine(reader));
        }

        return lines;
    }

    private static FulfilmentLine ReadLine(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        (FulfilmentMode)reader.GetInt16(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5));
}
