using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PrivateDomain.Realtime.Silo.Persistence;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

/// <summary>A fresh database with the project's schema and a data source on it, for tests of the PostgreSQL stores.</summary>
internal sealed class SchemaDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private SchemaDatabase(PostgresTestDatabase database, NpgsqlDataSource dataSource)
    {
        _database = database;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<SchemaDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new PostgresSchema(dataSource, NullLogger<PostgresSchema>.Instance).EnsureCreatedAsync(cancellationToken);
        return new SchemaDatabase(database, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }
}
