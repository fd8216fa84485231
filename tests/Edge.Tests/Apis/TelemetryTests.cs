using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class TelemetryTests(EdgeFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAnOtlpEndpoint_TheEdgeExportsItsOwnMetrics_AndTheFrameworks()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var app = new EdgeApplication(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var member = app.ClientAs(shop.Member, Roles.Member);

        (await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o")), Cancel)).EnsureSuccessStatusCode();

        await Eventually.True(
            () => collector.Received("realtime.inventory.reservations") && collector.Received("realtime.orders") && collector.Received("http.server.request.duration"),
            TimeSpan.FromSeconds(20), Cancel);
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NothingIsExported()
    {
        Assert.Null(fixture.App.Services.GetService<MeterProvider>());
    }
}
