using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>The leaderboards' facts in PostgreSQL: one upsert per save, of the changed facts only.</summary>
public sealed class PostgresScoreFactStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IScoreFactStore
{
    private const string Columns = "day, subject, id, name, region_id, team_id, sales, orders, new_members, commission";

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task SaveAsync(string boardsId, IReadOnlyCollection<ScoreFact> facts, CancellationToken cancellationToken = default)
    {
        if (facts.Count == 0)
        {
            return;
        }

        // In key order, so two writers of overlapping rows (an activation and its successor, briefly) lock them in
        // the same order rather than deadlock.
        var rows = facts.OrderBy(f => f.Day).ThenBy(f => f.Subject).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        await using var command = dataSource.CreateOwnedCommand(
            $"INSERT INTO score_fact AS known (service_id, boards_id, {Columns}) " +
            "SELECT $1, $2, * FROM unnest($3, $4, $5, $6, $7, $8, $9, $10, $11, $12) " +
            "ON CONFLICT (service_id, boards_id, day, subject, id) DO UPDATE SET " +
            "name = excluded.name, region_id = excluded.region_id, team_id = excluded.team_id, " +
            "sales = greatest(known.sales, excluded.sales), orders = greatest(known.orders, excluded.orders), " +
            "new_members = greatest(known.new_members, excluded.new_members), commission = greatest(known.commission, excluded.commission)", _serviceId, boardsId);
        UnnestColumns.Add(command, rows, f => f.Day, NpgsqlDbType.Date);
        UnnestColumns.Add(command, rows, f => (short)f.Subject, NpgsqlDbType.Smallint);
        UnnestColumns.Add(command, rows, f => f.Id, NpgsqlDbType.Text);
        UnnestColumns.Add(command, rows, f => f.Name, NpgsqlDbType.Text);
        UnnestColumns.Add(command, rows, f => f.RegionId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, rows, f => f.TeamId, NpgsqlDbType.Text);
        UnnestColumns.Add(command, rows, f => f.Sales, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, rows, f => f.Orders, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, rows, f => f.NewMembers, NpgsqlDbType.Bigint);
        UnnestColumns.Add(command, rows, f => f.Commission, NpgsqlDbType.Bigint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ScoreFact>> LoadAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand(
            $"SELECT {Columns} FROM score_fact WHERE service_id = $1 AND boards_id = $2 AND day = $3", _serviceId, boardsId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });

        var facts = new List<ScoreFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new ScoreFact(
                (ScoreSubject)reader.GetInt16(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetFieldValue<DateOnly>(0),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetInt64(8),
                reader.GetInt64(9),
                []));
        }

        return facts;
    }

    public async Task ForgetBeforeAsync(string boardsId, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand("DELETE FROM score_fact WHERE service_id = $1 AND boards_id = $2 AND day < $3", _serviceId, boardsId);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
