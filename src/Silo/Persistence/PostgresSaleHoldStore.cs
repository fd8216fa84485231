using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Live rooms' sale holds in PostgreSQL: one upsert per group commit of a room's new and changed holds.</summary>
public sealed class PostgresSaleHoldStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : ISaleHoldStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task WriteAsync(string roomId, IReadOnlyList<SaleHold> holds, CancellationToken cancellationToken = default)
    {
        if (holds.Count == 0)
        {
            return;
        }

        // A hold's order, buyer, sale, units and expiry never change once stored; only its status does, and only away from held.
        await using var command = dataSource.CreateOwnedCommand(
            "INSERT INTO sale_hold (service_id, room_id, order_id, buyer_id, sale_id, units, expires_at, status) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8) " +
            "ON CONFLICT (service_id, room_id, order_id) DO UPDATE SET status = excluded.status WHERE sale_hold.status = 0", _serviceId, roomId);
        UnnestColumns.Add(command, holds, h => h.OrderId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, holds, h => h.BuyerId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, holds, h => h.SaleId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, holds, h => JsonSerializer.Serialize(h.Units, JsonSerializerOptions.Web), NpgsqlDbType.Jsonb);
        UnnestColumns.Add(command, holds, h => h.ExpiresAt, NpgsqlDbType.TimestampTz);
        UnnestColumns.Add(command, holds, h => (short)h.Status, NpgsqlDbType.Smallint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SaleHold>> ReadAsync(string roomId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            "SELECT order_id, sale_id, units, expires_at, status, buyer_id FROM sale_hold WHERE service_id = $1 AND room_id = $2", _serviceId, roomId);

        var holds = new List<SaleHold>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holds.Add(new SaleHold(
                reader.GetString(0),
                reader.GetString(1),
                JsonSerializer.Deserialize<ImmutableArray<Allocation>>(reader.GetString(2), JsonSerializerOptions.Web),
                reader.GetFieldValue<DateTimeOffset>(3),
                (HoldStatus)reader.GetInt16(4),
                reader.GetString(5)));
        }

        return holds;
    }
}
