using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Live;

/// <summary>Two Edges over one cluster (PostgreSQL) sharing a Redis backplane: rooms reach each Edge once, never through Redis.</summary>
public sealed class TwoEdgeLiveRoomTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ViewersOnBothEdges_SeeEveryCommentExactlyOnce_InTheSameOrder_AndNoneCrossesRedis()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        var liveHubMessagesInRedis = await edges.CountRedisMessagesOf(nameof(LiveHub));

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
        await host.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel); // a comment comes from the room
        await memberOnB.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);

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
        while (watchers.Any(w => !posted.All(w.Heard)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Cancel);
        }

        // A batch can fail to reach an Edge: Orleans gives a one-way message no guarantee when a starved silo drops its
        // connection (seen with sixteen of these tests at once on two cores). The Edge then fetches it from the room;
        // should that fail too, its viewers see the gap in seq and re-join for a snapshot, as the contract has them do.
        // What no viewer may see is a comment missing, delivered twice, or out of order.
        await Task.Delay(500, Cancel);
        var seen = string.Join("; ", watchers.Select((w, i) => $"viewer-{i}: {w.Comments.Count} comments in {w.Batches} batches, {w.Rejoins} re-joins"));
        foreach (var watcher in watchers)
        {
            var delivered = watcher.Comments.Select(c => c.CommentId).ToList();
            Assert.True(posted.All(watcher.Heard), $"{posted.Count} comments posted, not all heard; {seen}");
            Assert.True(delivered.SequenceEqual(delivered.Distinct().Order()), $"delivered twice or out of order: [{string.Join(", ", delivered)}]; {seen}");
            Assert.Equal(8, watcher.Latest is { } latest && latest.Seq > watcher.Snapshot.Seq ? latest.Viewers : watcher.Snapshot.Viewers);
        }

        Assert.Equal(0, liveHubMessagesInRedis());
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
