using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>The room directory's list in PostgreSQL: one upsert per write, however many rooms it carries.</summary>
public sealed class PostgresRoomListStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IRoomListStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task WriteAsync(string directoryId, IReadOnlyList<RoomStats> rooms, CancellationToken cancellationToken = default)
    {
        if (rooms.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateOwnedCommand(
            "INSERT INTO live_room_listing (service_id, directory_id, room_id, ended_at, stats) SELECT $1, $2, * FROM unnest($3, $4, $5) " +
            "ON CONFLICT (service_id, directory_id, room_id) DO UPDATE SET ended_at = excluded.ended_at, stats = excluded.stats", _serviceId, directoryId);
        UnnestColumns.Add(command, rooms, r => r.RoomId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, rooms, r => r.EndedAt, NpgsqlDbType.TimestampTz);
        UnnestColumns.Add(command, rooms, r => JsonSerializer.Serialize(r, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RoomStats>> ReadAsync(string directoryId, DateTimeOffset endedAfter, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            "SELECT stats FROM live_room_listing WHERE service_id = $1 AND directory_id = $2 AND (ended_at IS NULL OR ended_at > $3)", _serviceId, directoryId);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = endedAfter });

        var rooms = new List<RoomStats>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rooms.Add(JsonSerializer.Deserialize<RoomStats>(reader.GetString(0), JsonSerializerOptions.Web)
                ?? throw new InvalidDataException($"A null room in the list of directory '{directoryId}'."));
        }

        return rooms;
    }
}
