using Npgsql;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The classic PostgreSQL design: a stock row per SKU-region and one transaction per reservation that decrements it
/// only if enough is left and inserts the reservation row. One statement, so one round trip per reservation.
/// </summary>
public sealed class PostgresReservationPeer(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static async Task<PostgresReservationPeer> CreateAsync(string connectionString, int connections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(connections, 10), MinPoolSize = Math.Min(connections, 50) };
        var peer = new PostgresReservationPeer(NpgsqlDataSource.Create(builder.ConnectionString));
        await peer.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS peer_stock (sku text, region text, available bigint NOT NULL, PRIMARY KEY (sku, region));
            CREATE TABLE IF NOT EXISTS peer_reservation (
                reservation_id text PRIMARY KEY, sku text NOT NULL, region text NOT NULL, quantity int NOT NULL,
                created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL);
            """);
        return peer;
    }

    public Task StockAsync(string sku, string region, long available) =>
        ExecuteAsync($"INSERT INTO peer_stock VALUES ('{sku}', '{region}', {available}) ON CONFLICT (sku, region) DO UPDATE SET available = EXCLUDED.available");

    /// <summary>Open reservations that already exist before a measurement (rows in the reservation table).</summary>
    public Task PrefillAsync(string sku, string region, int count) =>
        ExecuteAsync($"""
            INSERT INTO peer_reservation
            SELECT 'prefill-{sku}-' || i, '{sku}', '{region}', 1, now(), now() + interval '1 hour' FROM generate_series(1, {count}) i
            """);

    public async Task<bool> ReserveAsync(string sku, string region, string reservationId, int quantity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH taken AS (
                UPDATE peer_stock SET available = available - $3 WHERE sku = $1 AND region = $2 AND available >= $3 RETURNING 1)
            INSERT INTO peer_reservation
            SELECT $4, $1, $2, $3, now(), now() + interval '15 minutes' FROM taken
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sku });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = quantity });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reservationId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(long Available, long Reserved)> CountAsync(string sku, string region)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT (SELECT available FROM peer_stock WHERE sku = '{sku}' AND region = '{region}'), (SELECT coalesce(sum(quantity), 0) FROM peer_reservation WHERE sku = '{sku}')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
