using Npgsql;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>A fresh database for one run on the PostgreSQL server named by <c>--postgres</c>, dropped afterwards.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private BenchmarkDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(string? admin, string purpose)
    {
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException("this scenario needs PostgreSQL: pass --postgres or set TEST_POSTGRES_CONNECTION (./test.sh starts one)");
        }

        var name = $"pd_bench_{purpose}_{DateTime.UtcNow:HHmmss}_{Random.Shared.Next(1000, 9999)}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new BenchmarkDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>The settings that put the system under test (its Edge and Orleans clients) on this database.</summary>
    public Dictionary<string, string> SystemSettings() => new()
    {
        ["Storage:Provider"] = "PostgreSQL",
        ["ConnectionStrings:PostgreSQL"] = ConnectionString,
        ["Orleans:ClusterId"] = Name,
    };

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
