using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Integration.Tests;

/// <summary>An Orleans client of a cluster that meets in PostgreSQL, as an Edge in client mode is.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClient> ConnectAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Client",
            ["Storage:Provider"] = "PostgreSQL",
            ["ConnectionStrings:PostgreSQL"] = connectionString,
            ["Orleans:ClusterId"] = clusterId,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var settings = builder.AddRealtimeSettings();
        builder.UseOrleansClient(client => client.UseRealtimeClustering(settings));
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
