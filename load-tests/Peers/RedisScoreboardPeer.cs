using System.Diagnostics;
using System.Globalization;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.TestSupport;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The Redis leaderboard design: a sorted set per board, <c>ZINCRBY</c> per sale, and each push reads the top 50 with
/// <c>ZREVRANGE</c>. Its own redis-server without persistence (the system is measured on in-memory storage too).
/// </summary>
public sealed class RedisScoreboardPeer : IAsyncDisposable
{
    public const string Board = "board:guide-sales";

    private readonly Process _server;
    private readonly ConnectionMultiplexer _redis;

    private RedisScoreboardPeer(Process server, ConnectionMultiplexer redis)
    {
        _server = server;
        _redis = redis;
    }

    public Process Server => _server;

    public static async Task<RedisScoreboardPeer> StartAsync()
    {
        var port = FreePorts.Next();
        var server = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start redis-server (apt-get install redis-server)");
        server.OutputDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new RedisScoreboardPeer(server, await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true"));
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>One sale: the guide's score on the guide board and the team board.</summary>
    public Task SaleAsync(string guideId, string teamId, long amount)
    {
        var database = _redis.GetDatabase();
        return Task.WhenAll(database.SortedSetIncrementAsync(Board, guideId, amount), database.SortedSetIncrementAsync($"board:team:{teamId}", guideId, amount));
    }

    public async Task<SortedSetEntry[]> TopAsync(int top) =>
        await _redis.GetDatabase().SortedSetRangeByRankWithScoresAsync(Board, 0, top - 1, Order.Descending);

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        if (!_server.HasExited)
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
    }
}
