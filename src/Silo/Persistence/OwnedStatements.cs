using Npgsql;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>
/// Statements of the project's tables, each scoped to one service and one owner (a pool, a guide, a store, a room, a
/// PK, the boards): parameters $1 and $2 are always those two, so every store binds them the same way.
/// </summary>
internal static class OwnedStatements
{
    /// <summary>A command whose parameters $1 and $2 are the service and the owner it reads or writes for.</summary>
    public static NpgsqlCommand CreateOwnedCommand(this NpgsqlDataSource dataSource, string sql, string serviceId, string ownerId)
    {
        var command = dataSource.CreateCommand(sql);
        AddOwner(command.Parameters, serviceId, ownerId);
        return command;
    }

    /// <summary>Adds to an owner's batch (one round trip for a group commit) a statement with the same $1 and $2.</summary>
    public static NpgsqlBatchCommand AddOwned(this NpgsqlBatch batch, string sql, string serviceId, string ownerId)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        AddOwner(command.Parameters, serviceId, ownerId);
        batch.BatchCommands.Add(command);
        return command;
    }

    private static void AddOwner(NpgsqlParameterCollection parameters, string serviceId, string ownerId)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = ownerId });
    }
}
