using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Silo.Persistence;

/// <summary>Guides' customer lists in PostgreSQL: one round trip per group commit (an upsert of the bound, a delete of the unbound).</summary>
public sealed class PostgresGuideCustomerStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IGuideCustomerStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task WriteAsync(string guideId, IReadOnlyList<GuideCustomer> bound, IReadOnlyList<string> unbound, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        if (bound.Count > 0)
        {
            var upsert = batch.AddOwned(
                "INSERT INTO guide_customer (service_id, guide_id, member_id, bound_at) SELECT $1, $2, * FROM unnest($3, $4) " +
                "ON CONFLICT (service_id, guide_id, member_id) DO UPDATE SET bound_at = excluded.bound_at", _serviceId, guideId);
            UnnestColumns.Add(upsert.Parameters, bound, c => c.MemberId, NpgsqlDbType.Text);
            UnnestColumns.Add(upsert.Parameters, bound, c => c.BoundAt, NpgsqlDbType.TimestampTz);
        }

        if (unbound.Count > 0)
        {
            var delete = batch.AddOwned(
                "DELETE FROM guide_customer WHERE service_id = $1 AND guide_id = $2 AND member_id = ANY($3)", _serviceId, guideId);
            delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. unbound] });
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<GuideCustomer>> ReadAsync(string guideId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateOwnedCommand("SELECT member_id, bound_at FROM guide_customer WHERE service_id = $1 AND guide_id = $2", _serviceId, guideId);

        var customers = new List<GuideCustomer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            customers.Add(new GuideCustomer(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return customers;
    }
}
