using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>PKs' points in PostgreSQL: one insert per report of new events; scores read back as sums per participant.</summary>
public sealed class PostgresPkPointStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IPkPointStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task<IReadOnlyList<PkPoint>> AppendAsync(string pkId, IReadOnlyList<PkPoint> points, CancellationToken cancellationToken = default)
    {
        if (points.Count == 0)
        {
            return [];
        }

        // An event already stored is a repeated report, or a retry of one whose answer was lost: only new rows come back.
        await using var command = dataSource.CreateOwnedCommand(
            "INSERT INTO pk_point (service_id, pk_id, event_id, participant_id, points) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id, participant_id, points", _serviceId, pkId);
        UnnestColumns.Add(command, points, p => p.EventId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, points, p => p.ParticipantId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, points, p => p.Points, NpgsqlDbType.Bigint);

        var stored = new List<PkPoint>(points.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add(new PkPoint(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return stored;
    }

    public async Task<IReadOnlyDictionary<string, long>> ReadScoresAsync(string pkId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            "SELECT participant_id, sum(points)::bigint FROM pk_point WHERE service_id = $1 AND pk_id = $2 GROUP BY participant_id", _serviceId, pkId);

        var scores = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            scores[reader.GetString(0)] = reader.GetInt64(1);
        }

        return scores;
    }
}
