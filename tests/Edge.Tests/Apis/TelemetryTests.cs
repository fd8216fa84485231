using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class TelemetryTests(EdgeFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAnOtlpEndpointAndTraces_TheEdgeExportsMetrics_TracesFromTheRequestThroughTheGrains_AndLogs()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = new EdgeApplication(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["Telemetry:Traces"] = "true",
        });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var member = app.ClientAs(shop.Member, Roles.Member);

        (await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o")), Cancel)).EnsureSuccessStatusCode();

        await Eventually.True(
            () => collector.Received("metrics", "realtime.inventory.reservations") && collector.Received("metrics", "realtime.orders")
                && collector.Received("metrics", "http.server.request.duration"),
            TimeSpan.FromSeconds(20), Cancel);

        // The request's span (with its route) and the grain calls it made; Orleans's own runtime calls stay out.
        await Eventually.True(
            () => collector.Received("traces", "POST /api/orders") && collector.Received("traces", "IOrderGrain/Place")
                && collector.Received("traces", "IInventoryPoolGrain/Reserve"),
            TimeSpan.FromSeconds(20), Cancel);
        Assert.False(collector.Received("traces", "IMembershipTable/"));

        // Logs too: the silo's warnings at start (Warning is this Edge's level).
        await Eventually.True(() => collector.Received("logs", "Orleans.Runtime.Silo"), TimeSpan.FromSeconds(20), Cancel);
    }

    [Fact]
    public async Task WithAnOtlpEndpointButNoTraces_MetricsAndLogsAreExported_AndGrainCallsAreNotTraced()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });
        app.StartServer();

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NothingIsExported()
    {
        Assert.Null(fixture.App.Services.GetService<MeterProvider>());
        Assert.Null(fixture.App.Services.GetService<TracerProvider>());
    }
}
