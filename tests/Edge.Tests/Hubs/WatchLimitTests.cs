using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>A connection watches a bounded number of topics: each costs the Edge memory and its grain a watcher.</summary>
public sealed class WatchLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConnection_WatchingItsLimit_IsRefusedAnother_UntilItLeavesOne()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["LiveEdge:WatchesPerConnection"] = "3" });
        await using var ops = app.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops);
        await ops.StartAsync(Cancel);
        Task<LeaderboardUpdate> Watch(string team) => ops.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", $"team:{team}", Cancel);

        await Watch("a");
        await Watch("b");
        await Watch("c");
        var fourth = await Assert.ThrowsAsync<HubException>(() => Watch("d"));
        await Watch("a");
        await ops.InvokeAsync("UnwatchLeaderboard", "guide-sales", "team:b", Cancel);
        var afterLeaving = await Watch("d");

        Assert.Contains("HubException: too-many-watches:", fourth.Message, StringComparison.Ordinal);
        Assert.Equal("team:d", afterLeaving.Scope);

        // Another connection has a limit of its own.
        await using var other = app.Connect(ScoreboardHub.Path, "ops-2", Roles.Ops);
        await other.StartAsync(Cancel);
        Assert.Equal("team:e", (await other.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", "team:e", Cancel)).Scope);
    }

    [Fact]
    public async Task AWatch_WhoseBoardCouldNotBeAnswered_LeavesTheConnectionOut_AndHoldsNoPlaceOfItsLimit()
    {
        var failTop = new FailingGrainCalls(typeof(ILeaderboardGrain), nameof(ILeaderboardGrain.Top));
        await using var app = EdgeWatchingOneAtATime(failTop);
        await using var ops = app.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops);
        await ops.StartAsync(Cancel);
        Task<LeaderboardUpdate> Watch(string team) => ops.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", $"team:{team}", Cancel);

        failTop.Armed = true;
        var failed = await Assert.ThrowsAsync<HubException>(() => Watch("a"));
        failTop.Armed = false;
        var another = await Watch("b");

        Assert.Contains("HubException: unavailable:", failed.Message, StringComparison.Ordinal);
        Assert.Equal("team:b", another.Scope);
    }

    [Fact]
    public async Task AJoin_WhoseRoomCouldNotBeAnswered_LeavesTheConnectionOut_AndHoldsNoPlaceOfItsLimit()
    {
        var failSnapshot = new FailingGrainCalls(typeof(ILiveRoomGrain), nameof(ILiveRoomGrain.GetSnapshot));
        await using var app = EdgeWatchingOneAtATime(failSnapshot);
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var host = app.ClientAs(shop.DirectGuide, Roles.Guide);
        var (first, second) = (TestIds.New("room"), TestIds.New("room"));
        foreach (var roomId in new[] { first, second })
        {
            (await host.PostAsJsonAsync("/api/live-rooms", new { roomId, guideId = shop.DirectGuide, title = "Serum week", regionId = shop.RegionId, shelf = new[] { shop.Sku } }, Cancel)).EnsureSuccessStatusCode();
            (await host.PostAsync($"/api/live-rooms/{roomId}/start", null, Cancel)).EnsureSuccessStatusCode();
        }

        await using var viewer = app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await viewer.StartAsync(Cancel);

        failSnapshot.Armed = true;
        var failed = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<RoomSnapshot>("JoinRoom", first, Cancel));
        failSnapshot.Armed = false;
        var likeUnjoined = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync("Like", first, 1, Cancel));
        var joined = await viewer.InvokeAsync<RoomSnapshot>("JoinRoom", second, Cancel);

        Assert.Contains("HubException: unavailable:", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"HubException: {ErrorCodes.UnknownLiveRoom}:", likeUnjoined.Message, StringComparison.Ordinal);
        Assert.Equal(second, joined.RoomId);
    }

    /// <summary>An Edge whose connections watch one topic at a time, and whose silo fails the calls <paramref name="failing"/> names while armed.</summary>
    private static EdgeApplication EdgeWatchingOneAtATime(FailingGrainCalls failing) => new(
        new Dictionary<string, string?> { ["LiveEdge:WatchesPerConnection"] = "1" },
        services: services => services.AddSingleton<IIncomingGrainCallFilter>(failing));
}
