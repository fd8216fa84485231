using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Telemetry;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// One connection's own bounded send queue, drained by one loop (the live and scoreboard hubs write through it). A
/// client that reads slowly only fills its own queue; when it is full the oldest message goes (a live viewer sees the
/// gap in <c>seq</c> and re-joins; a board watcher simply gets the newer board), so memory per connection is bounded
/// and other connections never wait for it.
/// </summary>
public sealed class ConnectionQueue
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<SerializedHubMessage> _queue;
    private readonly EdgeMetrics.HubMessages _metrics;
    private long _dropped;

    public ConnectionQueue(HubConnectionContext connection, int capacity, EdgeMetrics.HubMessages metrics)
    {
        _connection = connection;
        _metrics = metrics;
        _queue = Channel.CreateBounded<SerializedHubMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                _metrics.Dropped();
            });
        Sending = Task.Run(SendAsync);
    }

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>Messages this connection lost because it read too slowly.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Queued => _queue.Reader.Count;

    public Task Sending { get; }

    public void Enqueue(SerializedHubMessage message) => _queue.Writer.TryWrite(message);

    public void Complete() => _queue.Writer.TryComplete();

    private async Task SendAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_connection.ConnectionAborted))
            {
                // Serialized once per protocol for all the room's connections on this Edge; this only copies bytes.
                await _connection.WriteAsync(message, _connection.ConnectionAborted);
                _metrics.Sent();
            }
        }
        catch (OperationCanceledException)
        {
            // The connection went away; nothing more to send.
        }
    }
}
