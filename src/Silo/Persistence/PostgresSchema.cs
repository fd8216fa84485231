using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Creates the Orleans provider tables, their <c>OrleansQuery</c> rows and the project's own tables when they
/// are missing, so an empty database just works. Every script is idempotent and runs in one transaction under
/// an advisory lock, so several silos starting at once do not race each other.
/// </summary>
public sealed class PostgresSchema(NpgsqlDataSource dataSource, ILogger<PostgresSchema> logger)
{
    // Any fixed 64-bit number works; this one spells "PDRT" so it is recognisable in pg_locks.
    private const long AdvisoryLockKey = 0x5044_5254;

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var (name, sql) in ReadScripts())
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
                Log.SchemaScriptApplied(logger, name);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new InvalidOperationException(
                $"Could not prepare the PostgreSQL schema at Host={builder.Host};Port={builder.Port};Database={builder.Database} " +
                $"(from ConnectionStrings:PostgreSQL): {ex.Message}", ex);
        }
    }

    private static IEnumerable<(string Name, string Sql)> ReadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Schema.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name, reader.ReadToEnd());
        }
    }
}
