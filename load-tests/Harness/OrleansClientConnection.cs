using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>This process as an Orleans client of the Edge's cluster, to call grains directly (the "grain path").</summary>
public sealed class OrleansClientConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansClientConnection(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<OrleansClientConnection> ConnectAsync(IReadOnlyDictionary<string, string> clusterSettings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(clusterSettings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Configuration["Orleans:Mode"] = "Client";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var settings = builder.AddRealtimeSettings();
        builder.UseOrleansClient(client => client.UseRealtimeClustering(settings));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new OrleansClientConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
