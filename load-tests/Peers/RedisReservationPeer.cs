using System.Diagnostics;
using System.Globalization;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.TestSupport;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.LoadTests.Peers;

/// <summary>
/// The Redis design: a Lua script checks and decrements the stock counter and stores the reservation, atomically.
/// Runs its own redis-server with <c>appendfsync always</c>, so an acknowledged reservation is on disk, as ours is.
/// </summary>
public sealed class RedisReservationPeer : IAsyncDisposable
{
    private const string ReserveScript = """
        local available = tonumber(redis.call('GET', KEYS[1]) or '0')
        local quantity = tonumber(ARGV[1])
        if available < quantity then return 0 end
        redis.call('DECRBY', KEYS[1], quantity)
        redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
        return 1
        """;

    private readonly Process _server;
    private readonly string _directory;
    private readonly ConnectionMultiplexer _redis;
    private readonly LoadedLuaScript _reserve;

    private RedisReservationPeer(Process server, string directory, ConnectionMultiplexer redis, LoadedLuaScript reserve)
    {
        _server = server;
        _directory = directory;
        _redis = redis;
        _reserve = reserve;
    }

    public Process Server => _server;

    public static async Task<RedisReservationPeer> StartAsync()
    {
        var port = FreePorts.Next();
        var directory = Directory.CreateTempSubdirectory("pd-redis-peer-").FullName;
        var server = Process.Start(new ProcessStartInfo("redis-server",
        [
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "",
        ])
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
                var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=true");
                var reserve = await LuaScript.Prepare(ReserveScript).LoadAsync(redis.GetServer($"127.0.0.1:{port}"));
                return new RedisReservationPeer(server, directory, redis, reserve);
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task StockAsync(string sku, string region, long available) =>
        _redis.GetDatabase().StringSetAsync(StockKey(sku, region), available);

    public async Task PrefillAsync(string sku, int count)
    {
        var batch = _redis.GetDatabase().CreateBatch();
        var writes = Enumerable.Range(1, count).Select(i => batch.StringSetAsync($"reservation:{sku}:prefill-{i}", 1, TimeSpan.FromHours(1))).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<bool> ReserveAsync(string sku, string region, string reservationId, int quantity)
    {
        // The script names both keys, as Redis Cluster would require; the raw script is used because the
        // prepared form maps parameters by name and this one is positional.
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(_reserve.Hash,
            [StockKey(sku, region), $"reservation:{sku}:{reservationId}"],
            [quantity, 900]);
        return (int)result == 1;
    }

    public async Task<long> AvailableAsync(string sku, string region) =>
        (long)await _redis.GetDatabase().StringGetAsync(StockKey(sku, region));

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        if (!_server.HasExited)
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string StockKey(string sku, string region) => $"stock:{sku}@{region}";
}
