using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
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
    /// The spans every process of ours exports with <c>Telemetry:Traces</c>: grain calls made inside a kept trace
    /// (<see cref="GrainCallTracing"/>, carried across silos) and PostgreSQL commands (Npgsql's). The Edge adds its HTTP
    /// requests, so one trace shows a checkout from the request to the ledger write.
    /// </summary>
    public static readonly string[] TraceSources = [GrainCallTracing.SourceName, "Npgsql"];

    /// <summary>
    /// Exports metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the OpenTelemetry
    /// convention; the exporter reads its other <c>OTEL_*</c> settings, the sampler's among them, from configuration
    /// too), and traces as well with <c>Telemetry:Traces=true</c> — separately, because the grain-call filters then run
    /// on every call (docs/benchmarks.md). A collector takes them on to Prometheus, a trace store or wherever the brand
    /// keeps them. Without the endpoint nothing is exported and nothing is spent on it; the meters are still there for
    /// <c>dotnet-counters</c>.
    /// </summary>
    /// <param name="tracing">What the host adds to the spans (the Edge: its HTTP requests).</param>
    public static IHostApplicationBuilder AddRealtimeTelemetry(this IHostApplicationBuilder builder, RealtimeSettings settings, Action<TracerProviderBuilder>? tracing = null)
    {
        if (settings.OtlpEndpoint is null)
        {
            return builder;
        }

        // One exporter per signal rather than UseOtlpExporter, which would switch tracing on too.
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter())
            .WithLogging(logging => logging.AddOtlpExporter());
        if (settings.ExportsTraces)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(TraceSources);
                tracing?.Invoke(traces);
                traces.AddOtlpExporter();
            });
        }

        return builder;
    }
}
