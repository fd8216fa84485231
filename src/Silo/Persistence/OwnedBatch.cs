using Npgsql;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Statements of one owner's group commit (a store's queue, a guide's customers) sent as one batch: one round trip.</summary>
internal static class OwnedBatch
{
    /// <summary>Adds a statement whose parameters $1 and $2 are the service and the owner it writes for.</summary>
    public static NpgsqlBatchCommand AddOwned(this NpgsqlBatch batch, string sql, string serviceId, string ownerId)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ownerId });
        batch.BatchCommands.Add(command);
        return command;
    }
}
