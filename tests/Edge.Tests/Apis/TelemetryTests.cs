using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
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

        // Over the live hub: a comment stays out of traces (a hub call would otherwise sit in its connection's request,
        // which lasts as long as the connection), a flash sale and a buy each start one of their own.
        var roomId = await shop.StartLiveRoomAsync(app, Cancel);
        await using var hostHub = app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var viewer = app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await hostHub.StartAsync(Cancel);
        await viewer.StartAsync(Cancel);
        await viewer.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);
        await viewer.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", "Does it suit dry skin?", Cancel);
        await hostHub.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 2, Cancel);
        await viewer.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel);

        await Eventually.True(
            () => collector.Received("metrics", "realtime.inventory.reservations") && collector.Received("metrics", "realtime.orders")
                && collector.Received("metrics", "http.server.request.duration"),
            TimeSpan.FromSeconds(20), Cancel);

        // The request's span (with its route) and the grain calls it made; Orleans's own runtime calls stay out, and so
        // does the hub's comment.
        await Eventually.True(
            () => collector.Received("traces", "POST /api/orders") && collector.Received("traces", "IOrderGrain/Place")
                && collector.Received("traces", "IInventoryPoolGrain/Reserve"),
            TimeSpan.FromSeconds(20), Cancel);
        Assert.False(collector.Received("traces", "IMembershipTable/"));
        await Eventually.True(() => collector.Received("traces", "POST /api/live-rooms/{roomId}/start"), TimeSpan.FromSeconds(20), Cancel);
        await Eventually.True(
            () => collector.Received("traces", "LiveHub/StartFlashSale") && collector.Received("traces", "LiveHub/Buy")
                && collector.Received("traces", "ILiveRoomGrain/Buy") && collector.Received("traces", "IOrderGrain/Place"),
            TimeSpan.FromSeconds(20), Cancel);
        Assert.False(collector.Received("traces", "ILiveRoomGrain/PostComment"));
        Assert.False(collector.Received("traces", "SendComment"));
        Assert.False(collector.Received("traces", "OnConnectedAsync"));

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
