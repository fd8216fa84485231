using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Silo.Extensions;

public static class ClientHostingExtensions
{
    /// <summary>Points an Orleans client (the Edge in client mode) at the cluster the settings describe.</summary>
    public static IClientBuilder UseRealtimeClustering(this IClientBuilder client, RealtimeSettings settings)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });

        if (settings.Clustering == ClusteringProvider.Localhost)
        {
            client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
        }
        else
        {
            client.Services.AddSingleton(_ => PostgresDataSource.Create(settings.PostgresConnectionString!));
            client.UseAdoNetClustering(o => o.Configure<NpgsqlDataSource>((options, dataSource) =>
            {
                options.Invariant = SiloHostingExtensions.NpgsqlInvariant;
                options.DataSource = dataSource;
            }));
        }

        RememberedGrainInterfaceTypes.ReplaceResolver(client.Services);

        // Edges may start before the silos (or while they restart): keep trying instead of failing the host.
        client.UseConnectionRetryFilter(async (exception, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return !cancellationToken.IsCancellationRequested;
        });
        if (settings.ExportsTraces)
        {
            client.AddOutgoingGrainCallFilter<TracedOutgoingCalls>();
        }

        return client;
    }
}
