using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Members;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Members' order lists in PostgreSQL. Every placed order adds a row, so the rows of the orders placed at the same
/// moment — by many members, from many order grains — share statements (<see cref="SharedStatements{TAppend}"/>), one
/// at a time, as many as a statement takes. A page is read by the newest-first index.
/// </summary>
public sealed class PostgresMemberOrderStore : IMemberOrderStore
{
    /// <summary>Rows per statement at most, so a burst after a slow commit is written in statements of a bounded size.</summary>
    private const int MaxRowsPerWrite = 1_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly SharedStatements<Listing> _statements;

    public PostgresMemberOrderStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster)
    {
        _dataSource = dataSource;
        _serviceId = cluster.Value.ServiceId;
        _statements = new(WriteAsync, inFlight: 1, pending => pending.Count <= MaxRowsPerWrite ? (pending, []) : (pending[..MaxRowsPerWrite], pending[MaxRowsPerWrite..]));
    }

    public Task AddAsync(string memberId, string orderId, DateTimeOffset placedAt, string? liveRoomId, CancellationToken cancellationToken = default)
    {
        var listing = new Listing(memberId, orderId, placedAt, liveRoomId);
        _statements.Add(listing);
        return listing.Stored.Task;
    }

    private async Task WriteAsync(List<Listing> statement)
    {
        try
        {
            await using var insert = _dataSource.CreateCommand(
                "INSERT INTO member_order (service_id, member_id, order_id, placed_at, live_room_id) SELECT $1, * FROM unnest($2, $3, $4, $5) ON CONFLICT DO NOTHING");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
            UnnestColumns.Add(insert, statement, l => l.MemberId, NpgsqlDbType.Text);
            UnnestColumns.Add(insert, statement, l => l.OrderId, NpgsqlDbType.Text);
            UnnestColumns.Add(insert, statement, l => l.PlacedAt, NpgsqlDbType.TimestampTz);
            UnnestColumns.Add(insert, statement, l => l.LiveRoomId, NpgsqlDbType.Text);
            await insert.ExecuteNonQueryAsync();
            statement.ForEach(l => l.Stored.TrySetResult());
        }
        catch (Exception ex)
        {
            statement.ForEach(l => l.Stored.TrySetException(ex));
        }
    }

    public async Task<IReadOnlyList<string>?> ReadAsync(string memberId, string? liveRoomId, string? before, int take, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? cursorPlacedAt = null;
        if (before is not null)
        {
            await using var cursor = _dataSource.CreateOwnedCommand(
                "SELECT placed_at FROM member_order WHERE service_id = $1 AND member_id = $2 AND order_id = $3", _serviceId, memberId);
            cursor.Parameters.Add(new NpgsqlParameter<string> { TypedValue = before });
            if (await cursor.ExecuteScalarAsync(cancellationToken) is not DateTime placedAt)
            {
                return null;
            }

            cursorPlacedAt = new DateTimeOffset(placedAt, TimeSpan.Zero);
        }

        // Ids compare as the in-memory store compares them, by code unit (COLLATE "C"), whatever the database's collation.
        // A room's orders are read by their own index: the condition is left out rather than made optional, so that
        // the plan of a member's whole list and of one room's are each the index's.
        await using var command = _dataSource.CreateOwnedCommand(
            "SELECT order_id FROM member_order WHERE service_id = $1 AND member_id = $2 " +
            "AND ($3::timestamptz IS NULL OR (placed_at, order_id COLLATE \"C\") < ($3, $4::text COLLATE \"C\")) " +
            (liveRoomId is null ? "" : "AND live_room_id = $6 ") +
            "ORDER BY placed_at DESC, order_id COLLATE \"C\" DESC LIMIT $5", _serviceId, memberId);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = cursorPlacedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = before, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        if (liveRoomId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = liveRoomId });
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private sealed record Listing(string MemberId, string OrderId, DateTimeOffset PlacedAt, string? LiveRoomId)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
