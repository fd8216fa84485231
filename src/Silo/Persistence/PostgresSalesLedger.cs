using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Figures;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Guides' and stores' sales entries in PostgreSQL: one insert per group commit; figures read back as sums per day.</summary>
public sealed class PostgresSalesLedger(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : ISalesLedger
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return [];
        }

        // An entry already stored is a repeat, or a retry of one whose answer was lost: it keeps the first, and only the
        // rows inserted now come back to be counted.
        await using var command = dataSource.CreateOwnedCommand(
            "INSERT INTO sales_entry (service_id, owner_id, day, entry_id, amount, orders, new_members, commission) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING " +
            "RETURNING entry_id, day, amount, orders, new_members, commission", _serviceId, ownerId);
        UnnestColumns.Add(command, entries, e => e.Day, NpgsqlDbType.Date);
        UnnestColumns.Add(command, entries, e => e.EntryId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, entries, e => e.Amount, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, entries, e => e.Orders, NpgsqlDbType.Integer);
        UnnestColumns.Add(command, entries, e => e.NewMembers, NpgsqlDbType.Integer);
        UnnestColumns.Add(command, entries, e => e.Commission, NpgsqlDbType.Bigint);

        var stored = new List<SalesEntry>(entries.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add(new SalesEntry(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5)));
        }

        return stored;
    }

    public async Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            "SELECT day, sum(amount)::bigint, sum(orders)::int, sum(new_members)::int, sum(commission)::bigint FROM sales_entry " +
            "WHERE service_id = $1 AND owner_id = $2 AND day >= $3 GROUP BY day", _serviceId, ownerId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = fromDay });

        var days = new Dictionary<DateOnly, DayTotals>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days[reader.GetFieldValue<DateOnly>(0)] = new DayTotals(reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4));
        }

        return days;
    }

    public async Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand("DELETE FROM sales_entry WHERE service_id = $1 AND owner_id = $2 AND day < $3", _serviceId, ownerId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
