using Npgsql;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The classic PostgreSQL design for a coupon drop: one statement (one transaction, one round trip) per claim that
/// takes one from the drop's row while any is left and the member has not claimed, records the claim and gives the
/// member the coupon. Claims on one drop queue on its row lock.
/// </summary>
public sealed class PostgresCouponDropPeer(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public static async Task<PostgresCouponDropPeer> CreateAsync(string connectionString, int connections)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(connections, 10), MinPoolSize = Math.Min(connections, 50) };
        var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS peer_coupon_drop (drop_id text PRIMARY KEY, quantity int NOT NULL, remaining int NOT NULL);
            CREATE TABLE IF NOT EXISTS peer_coupon_claim (drop_id text, member_id text, PRIMARY KEY (drop_id, member_id));
            CREATE TABLE IF NOT EXISTS peer_member_coupon (member_id text, coupon_id text, amount_off bigint NOT NULL, min_spend bigint NOT NULL, PRIMARY KEY (member_id, coupon_id));
            """);
        await command.ExecuteNonQueryAsync();
        return new PostgresCouponDropPeer(dataSource);
    }

    public async Task OpenAsync(int drops, int quantity)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO peer_coupon_drop SELECT 'drop-' || i, $2, $2 FROM generate_series(0, $1 - 1) i");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = drops });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = quantity });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>True when the member got a coupon; false when none was left (or they had claimed).</summary>
    public async Task<bool> ClaimAsync(string dropId, string memberId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH taken AS (
                UPDATE peer_coupon_drop SET remaining = remaining - 1
                WHERE drop_id = $1 AND remaining > 0
                  AND NOT EXISTS (SELECT 1 FROM peer_coupon_claim WHERE drop_id = $1 AND member_id = $2)
                RETURNING drop_id),
            claimed AS (INSERT INTO peer_coupon_claim SELECT drop_id, $2 FROM taken RETURNING drop_id)
            INSERT INTO peer_member_coupon SELECT $2, 'drop:' || drop_id, 2000, 20000 FROM claimed
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dropId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memberId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Coupons taken from the drops' rows, claims recorded, coupons given: equal when nothing was oversold or lost.</summary>
    public async Task<(long Taken, long Claims, long Coupons)> CountsAsync()
    {
        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT coalesce(sum(quantity - remaining), 0) FROM peer_coupon_drop), (SELECT count(*) FROM peer_coupon_claim), (SELECT count(*) FROM peer_member_coupon)
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
