using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Silo.Extensions;

public static class TelemetryExtensions
{
    /// <summary>
    /// The meters a process of ours exports: the project's own, and those of the runtime, Orleans, ASP.NET Core
    /// (requests, Kestrel, SignalR connections) and Npgsql.
    /// </summary>
    public static readonly string[] Meters =
    [
        GrainMetrics.MeterName, "Microsoft.Orleans", "System.Runtime", "Npgsql",
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
    ];

    /// <summary>
    /// Exports metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the OpenTelemetry convention, read
    /// from configuration like the exporter's other <c>OTEL_*</c> settings); a collector takes them on to Prometheus
    /// or wherever the brand keeps them. Without it nothing is exported and nothing is spent on it; the meters are
    /// still there for <c>dotnet-counters</c>.
    /// </summary>
    public static IHostApplicationBuilder AddRealtimeTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter());
        return builder;
    }
}
