using System.Data.Common;
using Npgsql;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> a process shares between the Orleans providers and the stock ledger.</summary>
public static class PostgresDataSource
{
    public const int DefaultMaxPoolSize = 32;

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;

        // Defaults for what this process does, unless the connection string decides otherwise: nothing here changes
        // session state, so resetting each pooled connection on return (DISCARD ALL) is pure cost, and it would
        // also drop the prepared statements that spare the server re-parsing the same few queries all day.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!IsSet(given, "No Reset On Close", "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        if (!IsSet(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 32;
        }

        // Npgsql's default pool (100) equals PostgreSQL's default max_connections: under load a silo would open more
        // connections than the server allows and requests would fail (53300) instead of waiting in the pool. A
        // silo gains nothing from more connections than the database has cores to serve them.
        if (!IsSet(given, "Maximum Pool Size", "Max Pool Size", "MaxPoolSize"))
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.Build();
    }

    private static bool IsSet(DbConnectionStringBuilder given, params string[] spellings) =>
        spellings.Any(given.ContainsKey);
}
