using Npgsql;
using NpgsqlTypes;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Rows sent as one array parameter per column, for <c>INSERT … SELECT … FROM unnest($n, …)</c>: one statement and
/// one round trip whatever the number of rows.
/// </summary>
internal static class UnnestColumns
{
    public static void Add<TRow, T>(NpgsqlCommand command, IReadOnlyList<TRow> rows, Func<TRow, T> column, NpgsqlDbType type) =>
        Add(command.Parameters, rows, column, type);

    public static void Add<TRow, T>(NpgsqlParameterCollection parameters, IReadOnlyList<TRow> rows, Func<TRow, T> column, NpgsqlDbType type)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = column(rows[i]);
        }

        parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
    }
}
