using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>
/// The hubs' payloads as a JavaScript client reads them: raw JSON over the JSON protocol, checked against the names and
/// spellings docs/api.md gives. The other hub tests read them back into the server's own types, which would follow a
/// renamed property silently; the REST routes have the OpenAPI document for this, the hubs only these.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class HubContractTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LiveHub_SnapshotsUpdatesCommentsAndBuys_CarryTheDocumentedFields()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(_app, Cancel);
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var viewer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        var updates = new Heard();
        viewer.On<JsonElement>("RoomUpdate", updates.Add);
        await host.StartAsync(Cancel);
        await viewer.StartAsync(Cancel);

        var snapshot = await viewer.InvokeAsync<JsonElement>("JoinRoom", roomId, Cancel);
        await host.InvokeAsync("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 5, Cancel);
        await host.InvokeAsync("PinProduct", roomId, shop.Sku, Cancel);
        var posted = await viewer.InvokeAsync<JsonElement>("SendComment", roomId, "c-1", "hello", Cancel);
        var bought = await viewer.InvokeAsync<JsonElement>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel);
        var update = await updates.First(u => u.GetProperty("comments").GetArrayLength() > 0, Cancel);
        var withSale = await updates.First(u => u.GetProperty("flashSales").GetArrayLength() > 0, Cancel);

        HasFields(snapshot, "roomId", "title", "hostGuideId", "status", "viewers", "likes", "pinnedSku", "shelf", "flashSales", "recentComments", "seq", "regionId", "slowModeSeconds", "couponDrops");
        Assert.Equal("live", snapshot.GetProperty("status").GetString());
        HasFields(posted, "commentId");
        HasFields(update, "roomId", "seq", "comments", "deletedCommentIds", "viewers", "likes", "pinnedSku", "flashSales", "status", "couponDrops", "slowModeSeconds");
        var comment = update.GetProperty("comments")[0];
        HasFields(comment, "commentId", "userId", "name", "text", "at");
        Assert.Equal((posted.GetProperty("commentId").GetInt64(), "hello"), (comment.GetProperty("commentId").GetInt64(), comment.GetProperty("text").GetString()));
        HasFields(withSale.GetProperty("flashSales")[0], "saleId", "sku", "price", "quantity", "remaining", "status");
        HasFields(bought, "orderId", "status", "total", "expiresAt");
        Assert.Equal("Reserved", bought.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ScoreboardAndNotificationHubs_Pushes_CarryTheDocumentedFields()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await shop.StartOrdersPkAsync(_app, Cancel);
        await using var ops = _app.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops);
        await using var guide = _app.Connect("/hubs/notifications", shop.DirectGuide, Roles.Guide);
        await using var member = _app.Connect("/hubs/notifications", shop.Member, Roles.Member);
        var (boards, pks, stock, alerts, orders) = (new Heard(), new Heard(), new Heard(), new Heard(), new Heard());
        ops.On<JsonElement>("LeaderboardUpdate", boards.Add);
        ops.On<JsonElement>("PkUpdate", pks.Add);
        ops.On<JsonElement>("StockUpdate", stock.Add);
        guide.On<JsonElement>("GuideAlert", alerts.Add);
        member.On<JsonElement>("OrderUpdate", orders.Add);
        await ops.StartAsync(Cancel);
        await guide.StartRegisteredAsync(Cancel);
        await member.StartRegisteredAsync(Cancel);
        var board = await ops.InvokeAsync<JsonElement>("WatchLeaderboard", "guide-sales", "region:" + shop.RegionId, Cancel);
        var pk = await ops.InvokeAsync<JsonElement>("WatchPk", pkId, Cancel);
        var counts = await ops.InvokeAsync<JsonElement>("WatchStock", shop.RegionId, shop.Sku, Cancel);

        using var memberHttp = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await memberHttp.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await memberHttp.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();
        var boardUpdate = await boards.First(u => u.GetProperty("entries").GetArrayLength() > 0, Cancel);
        var pkUpdate = await pks.First(u => u.GetProperty("scores").EnumerateArray().Any(s => s.GetProperty("score").GetInt64() == 1), Cancel);
        var stockUpdate = await stock.First(u => u.GetProperty("inventory").GetProperty("onHand").GetInt64() == 39, Cancel);
        var alert = await alerts.First(a => a.GetProperty("kind").GetString() == "order-paid", Cancel);
        var orderUpdate = await orders.First(o => o.GetProperty("status").GetString() == "Paid", Cancel);

        foreach (var leaderboard in new[] { board, boardUpdate })
        {
            HasFields(leaderboard, "board", "scope", "seq", "entries");
        }

        HasFields(boardUpdate.GetProperty("entries")[0], "rank", "id", "name", "score");
        Assert.Equal(("guide-sales", "region:" + shop.RegionId), (boardUpdate.GetProperty("board").GetString(), boardUpdate.GetProperty("scope").GetString()));
        foreach (var contest in new[] { pk, pkUpdate })
        {
            HasFields(contest, "pkId", "seq", "title", "metric", "kind", "startsAt", "endsAt", "status", "scores", "tie", "leaderIds");
            Assert.Equal(("running", "orders"), (contest.GetProperty("status").GetString(), contest.GetProperty("metric").GetString()));
            HasFields(contest.GetProperty("scores")[0], "id", "name", "score", "target", "reached");
        }

        foreach (var pool in new[] { counts, stockUpdate })
        {
            HasFields(pool, "seq", "inventory");
            HasFields(pool.GetProperty("inventory"), "sku", "regionId", "available", "onHand", "reserved", "safetyStock", "stores");
            HasFields(pool.GetProperty("inventory").GetProperty("stores")[0], "storeId", "onHand", "reserved");
        }

        HasFields(alert, "kind", "text", "orderId", "memberId");
        Assert.Equal(orderId, alert.GetProperty("orderId").GetString());
        HasFields(orderUpdate, "orderId", "status");
        Assert.Equal(orderId, orderUpdate.GetProperty("orderId").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ArgumentsThatDoNotFitAHubMethod_AreRefusedAsValidationFailed_SayingWhatItTakes(bool messagePack)
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(_app, Cancel);
        await using var viewer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member, messagePack);
        await viewer.StartAsync(Cancel);
        await viewer.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);

        var likeAWord = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync("Like", roomId, "lots", Cancel));
        var joinNothing = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<RoomSnapshot>("JoinRoom", Cancel));
        var buyTooMany = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 3_000_000_000L, 31.2, 121.4, Cancel));
        var unknownMethod = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync("Explode", roomId, Cancel));

        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}: Like takes 2 arguments (string, integer);", likeAWord.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}: JoinRoom takes 1 argument (string);", joinNothing.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}: Buy takes 6 arguments (string, string, string, integer, number, number);", buyTooMany.Message);
        Assert.Contains("HubException: Method does not exist.", unknownMethod.Message);
        Assert.Equal(HubConnectionState.Connected, viewer.State);
        Assert.Equal(roomId, (await viewer.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel)).RoomId);
    }

    private static void HasFields(JsonElement element, params string[] names)
    {
        var present = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(names, name => Assert.True(present.Contains(name), $"'{name}' missing from {element}"));
    }

    /// <summary>What one connection heard of one event, kept as JSON.</summary>
    private sealed class Heard
    {
        private readonly List<JsonElement> _heard = [];

        public void Add(JsonElement message)
        {
            lock (_heard)
            {
                _heard.Add(message.Clone());
            }
        }

        public async Task<JsonElement> First(Func<JsonElement, bool> match, CancellationToken cancellationToken)
        {
            JsonElement? found = null;
            await Eventually.True(() =>
            {
                lock (_heard)
                {
                    found = _heard.FirstOrDefault(match) is { ValueKind: not JsonValueKind.Undefined } hit ? hit : null;
                    return found is not null;
                }
            }, cancellationToken: cancellationToken);
            return found!.Value;
        }
    }
}
