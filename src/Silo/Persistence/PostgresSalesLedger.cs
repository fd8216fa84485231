using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Figures;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Guides', stores' and live rooms' sales entries in PostgreSQL; figures read back as sums per day. Each grain already
/// gathers its own entries into one append (its group commit). The appends of different grains that arrive while a
/// statement runs share the next one: ten thousand guides that each sell now and then would otherwise make one
/// statement, and one commit, per sale (docs/benchmarks.md, scoreboards).
/// </summary>
public sealed class PostgresSalesLedger : ISalesLedger
{
    /// <summary>
    /// Statements in flight at once. Two, so that one slow commit does not hold every owner of the silo behind it. One,
    /// two and four gave the same events a second within a few percent on two cores, four at a few points of a core
    /// more (docs/benchmarks-log.md, scoreboards).
    /// </summary>
    private const int StatementsInFlight = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly SharedStatements<PendingAppend> _statements;

    public PostgresSalesLedger(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster)
    {
        _dataSource = dataSource;
        _serviceId = cluster.Value.ServiceId;
        _statements = new(WriteAsync, StatementsInFlight, TakeOnePerOwner);
    }

    /// <remarks>
    /// The token is not honoured: an append taken into a statement is stored, or fails, with the others in it. (The
    /// owners' figures pass none: an append they stopped waiting for could land uncounted.)
    /// </remarks>
    public Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SalesEntry>>([]);
        }

        var append = new PendingAppend(ownerId, entries);
        _statements.Add(append);
        return append.Stored.Task;
    }

    /// <summary>
    /// The pending appends, but at most one of each owner: what a statement stores is then known to be stored by that
    /// owner's append. (An owner appends again only once its last append was answered, so this is nearly always all.)
    /// </summary>
    private static (List<PendingAppend> Taken, List<PendingAppend> Left) TakeOnePerOwner(List<PendingAppend> pending)
    {
        var owners = new HashSet<string>(StringComparer.Ordinal);
        var taken = new List<PendingAppend>(pending.Count);
        var left = new List<PendingAppend>();
        foreach (var append in pending)
        {
            (owners.Add(append.OwnerId) ? taken : left).Add(append);
        }

        return (taken, left);
    }

    /// <summary>Stores the appends' entries in one statement and answers each with its own entries stored now, or with the failure.</summary>
    private async Task WriteAsync(List<PendingAppend> statement)
    {
        try
        {
            var rows = statement.SelectMany(append => append.Entries, (append, entry) => (append.OwnerId, Entry: entry)).ToList();

            // An entry already stored is a repeat, or a retry of one whose answer was lost: it keeps the first, and only
            // the rows inserted now come back to be counted.
            await using var command = _dataSource.CreateCommand(
                "INSERT INTO sales_entry (service_id, owner_id, day, entry_id, amount, orders, new_members, commission) " +
                "SELECT $1, * FROM unnest($2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING " +
                "RETURNING owner_id, entry_id, day, amount, orders, new_members, commission");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
            UnnestColumns.Add(command, rows, r => r.OwnerId, NpgsqlDbType.Text);
            UnnestColumns.Add(command, rows, r => r.Entry.Day, NpgsqlDbType.Date);
            UnnestColumns.Add(command, rows, r => r.Entry.EntryId, NpgsqlDbType.Text);
            UnnestColumns.Add(command, rows, r => r.Entry.Amount, NpgsqlDbType.Bigint);
            UnnestColumns.Add(command, rows, r => r.Entry.Orders, NpgsqlDbType.Integer);
            UnnestColumns.Add(command, rows, r => r.Entry.NewMembers, NpgsqlDbType.Integer);
            UnnestColumns.Add(command, rows, r => r.Entry.Commission, NpgsqlDbType.Bigint);

            var stored = statement.ToDictionary(append => append.OwnerId, _ => new List<SalesEntry>(), StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored[reader.GetString(0)].Add(new SalesEntry(
                        reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt64(6)));
                }
            }

            foreach (var append in statement)
            {
                append.Stored.SetResult(stored[append.OwnerId]);
            }
        }
        catch (Exception ex)
        {
            // Every owner in the statement hears of it: nothing of it, or all of it, may have landed.
            foreach (var append in statement)
            {
                append.Stored.TrySetException(ex);
            }
        }
    }

    public async Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateOwnedCommand(
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

    public async Task<IReadOnlyList<SalesEntry>> ReadEntriesAsync(string ownerId, DateOnly day, string? after, int take, CancellationToken cancellationToken = default)
    {
        // "C": byte order, as .NET's ordinal comparison, whatever the database's collation.
        await using var command = _dataSource.CreateOwnedCommand(
            "SELECT entry_id, amount, orders, new_members, commission FROM sales_entry " +
            "WHERE service_id = $1 AND owner_id = $2 AND day = $3 AND ($4::text IS NULL OR entry_id COLLATE \"C\" > $4) " +
            "ORDER BY entry_id COLLATE \"C\" LIMIT $5", _serviceId, ownerId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });

        var entries = new List<SalesEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new SalesEntry(reader.GetString(0), day, reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4)));
        }

        return entries;
    }

    public async Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateOwnedCommand("DELETE FROM sales_entry WHERE service_id = $1 AND owner_id = $2 AND day < $3", _serviceId, ownerId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class PendingAppend(string ownerId, IReadOnlyList<SalesEntry> entries)
    {
        public string OwnerId { get; } = ownerId;

        public IReadOnlyList<SalesEntry> Entries { get; } = entries;

        public TaskCompletionSource<IReadOnlyList<SalesEntry>> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
