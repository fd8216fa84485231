using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Telemetry;

/// <summary>A cluster with traces on: spans for the grain calls made inside a kept trace, and for no others.</summary>
public sealed class GrainCallTracingTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivitySource _requests = new("test-requests");
    private ActivityListener _listener = null!;
    private InProcessTestCluster _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GrainCallTracing.SourceName or "test-requests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.Source.Name == GrainCallTracing.SourceName)
                {
                    _spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);

        var settings = RealtimeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RealtimeSettings.OtlpEndpointKey] = "http://127.0.0.1:9",
            [RealtimeSettings.TracesKey] = "true",
        }).Build());
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) => silo.AddRealtimeGrainServices(settings));
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter<TracedOutgoingCalls>());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _requests.Dispose();
        foreach (var silo in _cluster.Silos.ToList())
        {
            await _cluster.KillSiloAsync(silo);
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task ACallInsideAKeptTrace_GetsAClientAndAServerSpan_AndTheCallsItMakesToo_AllInThatTrace()
    {
        var shop = await Shop.Open(_cluster.Client);
        Assert.Empty(_spans);

        ActivityTraceId traceId;
        ActivitySpanId requestId;
        var orderId = Shop.NewId("o");
        using (var request = _requests.StartActivity("POST /api/orders")!)
        {
            traceId = request.TraceId;
            requestId = request.SpanId;
            await shop.Order(orderId).Place(shop.Placing((shop.Serum, 1)));
        }

        await Eventually.True(() => _spans.Any(s => s.DisplayName == "IInventoryPoolGrain/Reserve" && s.Kind == ActivityKind.Server),
            cancellationToken: TestContext.Current.CancellationToken);
        var spans = _spans.ToList();
        Assert.All(spans, span => Assert.Equal(traceId, span.TraceId));
        var placeCall = Assert.Single(spans, s => s.DisplayName == "IOrderGrain/Place" && s.Kind == ActivityKind.Client);
        Assert.Equal(requestId, placeCall.ParentSpanId);
        var placed = Assert.Single(spans, s => s.DisplayName == "IOrderGrain/Place" && s.Kind == ActivityKind.Server);
        Assert.Equal(placeCall.SpanId, placed.ParentSpanId);
        var reserveCall = Assert.Single(spans, s => s.DisplayName == "IInventoryPoolGrain/Reserve" && s.Kind == ActivityKind.Client);
        Assert.Equal(placed.SpanId, reserveCall.ParentSpanId);
        Assert.Equal("orleans", placeCall.GetTagItem("rpc.system"));

        // Outside a trace, from the same flow afterwards: no span, and the callee gets no stale parent. (The trace's own
        // tail may still be arriving — the pool's availability event is delivered by the stream's pulling agent, in
        // the trace, up to 100 ms later — so only these calls' spans are looked for.)
        await shop.Order(orderId).Get();
        await shop.Pool(shop.Serum).GetInventory();
        Assert.DoesNotContain(_spans, s => s.DisplayName is "IOrderGrain/Get" or "IInventoryPoolGrain/GetInventory");
        Assert.All(_spans, span => Assert.Equal(traceId, span.TraceId));
    }
}
