using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;
using StackExchange.Redis;

namespace PrivateDomain.Realtime.Integration.Tests.Live;

/// <summary>Two Edges over one cluster (PostgreSQL) sharing a Redis backplane: rooms reach each Edge once, never through Redis.</summary>
public sealed class TwoEdgeLiveRoomTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ViewersOnBothEdges_SeeEveryCommentExactlyOnce_InTheSameOrder_AndNoneCrossesRedis()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var redisSettings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = TestServers.RedisConnection };
        await using var edgeA = PostgresEdge.Start(database, clusterId, redisSettings);
        await using var edgeB = PostgresEdge.Start(database, clusterId, redisSettings);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.RedisConnection);
        var liveHubMessagesInRedis = 0;
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern($"privatedomain:*{nameof(LiveHub)}*"), (_, _) => Interlocked.Increment(ref liveHubMessagesInRedis));

        var shop = await DemoShop.CreateAsync(edgeA, Cancel);
        var roomId = await shop.StartLiveRoomAsync(edgeA, Cancel);

        var connections = new List<HubConnection>();
        var watchers = new List<RoomWatcher>();
        foreach (var (edge, i) in new[] { edgeA, edgeA, edgeA, edgeB, edgeB, edgeB }.Select((e, i) => (e, i)))
        {
            var connection = edge.Connect(LiveHub.Path, $"viewer-{i}", Roles.Member, messagePack: i % 2 == 0);
            connections.Add(connection);
            watchers.Add(await RoomWatcher.JoinAsync(connection, roomId, Cancel));
        }

        var host = edgeA.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        var memberOnB = edgeB.Connect(LiveHub.Path, shop.Member, Roles.Member);
        connections.AddRange([host, memberOnB]);
        await host.StartAsync(Cancel);
        await memberOnB.StartAsync(Cancel);

        // The host is not rate-limited; the member stays within a burst of three.
        var posting = new List<Task<CommentPosted>>();
        for (var i = 0; i < 30; i++)
        {
            posting.Add(host.InvokeAsync<CommentPosted>("SendComment", roomId, $"h-{i}", $"host says {i}", Cancel));
            if (i % 10 == 0)
            {
                posting.Add(memberOnB.InvokeAsync<CommentPosted>("SendComment", roomId, $"m-{i}", $"member asks {i}", Cancel));
            }
        }

        var posted = (await Task.WhenAll(posting)).Select(p => p.CommentId).Order().ToList();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (watchers.Any(w => w.Comments.Count < posted.Count) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Cancel);
        }

        await Task.Delay(500, Cancel);
        foreach (var watcher in watchers)
        {
            Assert.Equal(posted, watcher.Comments.Select(c => c.CommentId));
            Assert.Equal(0, watcher.Rejoins);
            Assert.Equal(6, watcher.Latest!.Viewers);
        }

        Assert.Equal(0, liveHubMessagesInRedis);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
