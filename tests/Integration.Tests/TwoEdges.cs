using PrivateDomain.Realtime.TestSupport;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.Integration.Tests;

/// <summary>Two Edges of one cluster, on a database of their own, with the test Redis as their backplane.</summary>
internal sealed class TwoEdges(PostgresTestDatabase database, EdgeApplication a, EdgeApplication b) : IAsyncDisposable
{
    private ConnectionMultiplexer? _redis;

    public EdgeApplication A => a;

    public EdgeApplication B => b;

    public static async Task<TwoEdges> StartAsync()
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var redis = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = TestServers.RedisConnection };
        return new(database, PostgresEdge.Start(database, clusterId, redis), PostgresEdge.Start(database, clusterId, redis));
    }

    /// <summary>
    /// Counts what the backplane carries for <paramref name="hubName"/> from now on: the fan-out hubs' updates reach each
    /// Edge through its own observer, so for them it must stay zero.
    /// </summary>
    public async Task<Func<int>> CountRedisMessagesOf(string hubName)
    {
        _redis ??= await ConnectionMultiplexer.ConnectAsync(TestServers.RedisConnection);
        var messages = 0;
        await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern($"privatedomain:*{hubName}*"), (_, _) => Interlocked.Increment(ref messages));
        return () => Volatile.Read(ref messages);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await b.DisposeAsync();
        await a.DisposeAsync();
        await database.DisposeAsync();
    }
}
