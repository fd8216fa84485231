using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>
/// A client that stops reading: SignalR's own connection and JSON protocol over an in-memory transport whose far end
/// reads nothing, so the transport fills and the viewer's queue is all that is left to grow.
/// </summary>
public sealed class ConnectionQueueTests
{
    [Fact]
    public async Task SlowClient_KeepsAtMostTheBufferOfBatches_AndGetsTheNewestWhenItReadsAgain()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, GrainMetrics.MeterName, "realtime.edge.messages.sent");
        using var dropped = new MetricCollector<long>(meters, GrainMetrics.MeterName, "realtime.edge.messages.dropped");
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 2_048, resumeWriterThreshold: 1_024));
        var fromClient = new Pipe();
        var connection = new HubConnectionContext(
            new DefaultConnectionContext("slow-1", new DuplexPipe(fromClient.Reader, toClient.Writer), new DuplexPipe(toClient.Reader, fromClient.Writer)),
            new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(1) },
            NullLoggerFactory.Instance) { Protocol = new JsonHubProtocol() };
        var viewer = new ConnectionQueue(connection, capacity: 8, new EdgeMetrics(meters).For("live"));

        for (var seq = 1; seq <= 1_000; seq++)
        {
            viewer.Enqueue(Batch(seq));
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.True(viewer.Queued <= 8, $"{viewer.Queued} batches queued");
        Assert.True(viewer.Dropped >= 900, $"only {viewer.Dropped} dropped");

        var received = await ReadUntil(toClient.Reader, "\"seq\":1000");
        Assert.Contains("\"seq\":1000", received);
        viewer.Complete();

        // Every batch was either written or dropped, and the metrics say which, for the live hub.
        await Eventually.True(() => sent.GetMeasurementSnapshot().Sum(m => m.Value) + dropped.GetMeasurementSnapshot().Sum(m => m.Value) == 1_000,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(viewer.Dropped, dropped.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.All(sent.GetMeasurementSnapshot(), m => Assert.Equal("live", m.Tags["hub"]));
    }

    private static SerializedHubMessage Batch(long seq) => new(new InvocationMessage(nameof(ILiveClient.RoomUpdate), [
        new RoomUpdate("room-1", seq, [new RoomComment(seq, "m-1", "Chen Jing", new string('x', 150), DateTimeOffset.UnixEpoch)], [], 10, 0, null, [], LiveRoomStatus.Live, [], 0),
    ]));

    private static async Task<string> ReadUntil(PipeReader reader, string marker)
    {
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var result = await reader.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                text.Append(Encoding.UTF8.GetString(segment.Span));
            }

            reader.AdvanceTo(result.Buffer.End);
        }

        return text.ToString();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
