using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests;

/// <summary>
/// A stand-in for an OpenTelemetry collector: takes OTLP/HTTP exports (<c>/v1/metrics</c>, <c>/v1/traces</c>,
/// <c>/v1/logs</c>) and keeps their bodies. The protobuf carries names as plain UTF-8, so a test can look for them
/// without decoding.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, string Body)> _exports = new();

    private OtlpCollector(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _exports.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    public static async Task<OtlpCollector> StartAsync()
    {
        var collector = new OtlpCollector(FreePorts.Next());
        await collector._app.StartAsync();
        return collector;
    }

    /// <summary>Whether any export of <paramref name="signal"/> (metrics, traces, logs) so far contained <paramref name="text"/>.</summary>
    public bool Received(string signal, string text) => _exports.Any(e => e.Signal == signal && e.Body.Contains(text, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
