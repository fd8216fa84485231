using Npgsql;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>A fresh, empty database on the test PostgreSQL server, dropped on dispose; the app creates its schema.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestServers.PostgresAdminConnection);
        var name = "pd_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name, Pooling = true };
        return new PostgresTestDatabase(name, database.ConnectionString);
    }

    /// <summary>Settings that keep a silo's (or an Edge's) state, cluster and reminders of <paramref name="clusterId"/> here; add what a test needs.</summary>
    public Dictionary<string, string?> ClusterSettings(string clusterId) => new()
    {
        ["Storage:Provider"] = "PostgreSQL",
        ["ConnectionStrings:PostgreSQL"] = ConnectionString,
        ["Orleans:ClusterId"] = clusterId,
    };

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestServers.PostgresAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
