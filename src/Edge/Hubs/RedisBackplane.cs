using StackExchange.Redis;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// The Redis connection SignalR's backplane opened, kept so <c>/health</c> can say whether user pushes (order updates,
/// guide alerts) still cross Edges. The backplane reconnects by itself; this only watches.
/// </summary>
public sealed class RedisBackplane(bool configured)
{
    private volatile IConnectionMultiplexer? _connection;
    private volatile bool _failed;

    /// <summary>null without Redis; else <c>connected</c>, <c>disconnected</c>, <c>connecting</c> (not opened yet) or <c>failed</c> (it gave up).</summary>
    public string? State => !configured ? null
        : _connection is { } connection ? (connection.IsConnected ? "connected" : "disconnected")
        : _failed ? "failed" : "connecting";

    /// <summary>Configured but not connected now: user pushes cannot go through it.</summary>
    public bool Down => State is not (null or "connected");

    /// <summary>Opens the backplane's connection as SignalR would, remembering it.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options, TextWriter log)
    {
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options, log);
            _connection = connection;
            return connection;
        }
        catch
        {
            // Only with abortConnect=true in the connection string; SignalR's default keeps trying instead.
            _failed = true;
            throw;
        }
    }
}
