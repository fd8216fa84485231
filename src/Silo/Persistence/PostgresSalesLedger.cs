using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Figures;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Guides' and stores' sales entries in PostgreSQL: one insert per group commit, of the new entries only.</summary>
public sealed class PostgresSalesLedger(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : ISalesLedger
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        // An entry already stored is a retry of one whose answer was lost (or of a duplicate activation): keep the first.
        await using var command = dataSource.CreateCommand(
            "INSERT INTO sales_entry (service_id, owner_id, day, entry_id, amount, orders, new_members, commission) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ownerId });
        UnnestColumns.Add(command, entries, e => e.Day, NpgsqlDbType.Date);
        UnnestColumns.Add(command, entries, e => e.EntryId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, entries, e => e.Amount, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, entries, e => e.Orders, NpgsqlDbType.Integer);
        UnnestColumns.Add(command, entries, e => e.NewMembers, NpgsqlDbType.Integer);
        UnnestColumns.Add(command, entries, e => e.Commission, NpgsqlDbType.Bigint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SalesEntry>> ReadAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT entry_id, day, amount, orders, new_members, commission FROM sales_entry " +
            "WHERE service_id = $1 AND owner_id = $2 AND day >= $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ownerId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = fromDay });

        var entries = new List<SalesEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new SalesEntry(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt64(5)));
        }

        return entries;
    }

    public async Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM sales_entry WHERE service_id = $1 AND owner_id = $2 AND day < $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ownerId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
