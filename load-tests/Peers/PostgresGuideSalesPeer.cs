using Npgsql;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The classic PostgreSQL design for a guide's daily figures: one statement (so one transaction and one round trip)
/// per sale that inserts the sale row unless it is known and, only then, adds it to the guide's row for the day.
/// </summary>
public sealed class PostgresGuideSalesPeer(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static async Task<PostgresGuideSalesPeer> CreateAsync(string connectionString, int connections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(connections, 10), MinPoolSize = Math.Min(connections, 50) };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS peer_sale (
                guide_id text, day date, sale_id text, amount bigint NOT NULL, commission bigint NOT NULL, PRIMARY KEY (guide_id, day, sale_id));
            CREATE TABLE IF NOT EXISTS peer_guide_day (
                guide_id text, day date, sales bigint NOT NULL, orders int NOT NULL, commission bigint NOT NULL, PRIMARY KEY (guide_id, day));
            """);
        await command.ExecuteNonQueryAsync();
        return new PostgresGuideSalesPeer(dataSource);
    }

    /// <summary>Sales the guide already has today, as rows and in the day's figures.</summary>
    public async Task PrefillAsync(string guideId, DateOnly day, int count)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO peer_sale SELECT $1, $2, 'prefill-' || i, 100, 3 FROM generate_series(1, $3) i;
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = guideId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await command.ExecuteNonQueryAsync();
        await using var figures = dataSource.CreateCommand("INSERT INTO peer_guide_day VALUES ($1, $2, 100 * $3::bigint, $3, 3 * $3::bigint)");
        figures.Parameters.Add(new NpgsqlParameter<string> { TypedValue = guideId });
        figures.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        figures.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await figures.ExecuteNonQueryAsync();
    }

    public async Task CreditAsync(string guideId, DateOnly day, string saleId, long amount, long commission, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH counted AS (
                INSERT INTO peer_sale VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING amount, commission)
            INSERT INTO peer_guide_day SELECT $1, $2, amount, 1, commission FROM counted
            ON CONFLICT (guide_id, day) DO UPDATE SET
                sales = peer_guide_day.sales + excluded.sales, orders = peer_guide_day.orders + 1, commission = peer_guide_day.commission + excluded.commission
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = guideId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = saleId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amount });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = commission });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(long Sales, int Orders)> FiguresAsync(string guideId, DateOnly day)
    {
        await using var command = dataSource.CreateCommand("SELECT sales, orders FROM peer_guide_day WHERE guide_id = $1 AND day = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = guideId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetInt32(1)) : (0, 0);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
