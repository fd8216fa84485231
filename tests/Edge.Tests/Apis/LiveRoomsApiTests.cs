using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>Live rooms over real HTTP and real SignalR connections (JSON and MessagePack).</summary>
[Collection(EdgeCollection.Name)]
public sealed class LiveRoomsApiTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Room_IsCreatedStartedListedAndEnded_ByItsHost()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var host = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var viewer = _app.ClientAs(shop.Member, Roles.Member);
        var roomId = TestIds.New("room");

        var created = await host.PostAsJsonAsync("/api/live-rooms", Room(shop, roomId), Cancel);
        var started = await host.PostAsync($"/api/live-rooms/{roomId}/start", null, Cancel);
        var snapshot = await viewer.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel);
        await Eventually.True(async () => (await viewer.GetFromJsonAsync<RoomStats[]>("/api/live-rooms?status=live", Cancel))!.Any(r => r.RoomId == roomId), cancellationToken: Cancel);
        var busiest = await viewer.GetFromJsonAsync<RoomStats[]>("/api/live-rooms?take=1", Cancel);
        var hostsRooms = await host.GetFromJsonAsync<RoomStats[]>($"/api/live-rooms?guideId={shop.DirectGuide}", Cancel);
        var othersRooms = await host.GetFromJsonAsync<RoomStats[]>($"/api/live-rooms?guideId={shop.FranchiseGuide}", Cancel);
        var regionsLiveRooms = await viewer.GetFromJsonAsync<RoomStats[]>($"/api/live-rooms?status=live&regionId={shop.RegionId}", Cancel);
        var otherRegionsRooms = await viewer.GetFromJsonAsync<RoomStats[]>($"/api/live-rooms?regionId={TestIds.New("region")}", Cancel);
        var ended = await host.PostAsync($"/api/live-rooms/{roomId}/end", null, Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/live-rooms/{roomId}", created.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal((LiveRoomStatus.Live, shop.DirectGuide, "Serum week"), (snapshot!.Status, snapshot.HostGuideId, snapshot.Title));
        Assert.Equal(LiveRoomStatus.Ended, (await ended.Content.ReadFromJsonAsync<RoomSnapshot>(Cancel))!.Status);
        Assert.Single(busiest!);

        // The shop is new: its host guide and its region have this one room.
        Assert.Equal([roomId], hostsRooms!.Select(r => r.RoomId));
        Assert.Equal([roomId], regionsLiveRooms!.Select(r => r.RoomId));
        Assert.Empty(othersRooms!);
        Assert.Empty(otherRegionsRooms!);
    }

    [Fact]
    public async Task Create_WithBadInputOrForAnotherGuide_IsRefused_AndNothingIsCreated()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var host = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var roomId = TestIds.New("room");

        var noTitle = await host.PostAsJsonAsync("/api/live-rooms", new { roomId, guideId = shop.DirectGuide, regionId = shop.RegionId, shelf = new[] { shop.Sku } }, Cancel);
        var unknownSku = await host.PostAsJsonAsync("/api/live-rooms", Room(shop, roomId) with { Shelf = ["no-such-sku"] }, Cancel);
        var forOther = await host.PostAsJsonAsync("/api/live-rooms", Room(shop, roomId) with { GuideId = shop.FranchiseGuide }, Cancel);
        var byMember = await member.PostAsJsonAsync("/api/live-rooms", Room(shop, roomId), Cancel);
        var badStatus = await member.GetAsync("/api/live-rooms?status=sleeping", Cancel);
        var noneTaken = await member.GetAsync("/api/live-rooms?status=live&take=0", Cancel);
        var tooManyTaken = await member.GetAsync("/api/live-rooms?take=1001", Cancel);
        var badGuide = await member.GetAsync("/api/live-rooms?guideId=a%20b", Cancel);
        var badRegion = await member.GetAsync("/api/live-rooms?regionId=a%20b", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownSku), (unknownSku.StatusCode, await unknownSku.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (noneTaken.StatusCode, tooManyTaken.StatusCode));
        Assert.Contains("take", await tooManyTaken.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badGuide.StatusCode, badRegion.StatusCode));
        Assert.Contains("guideId", await badGuide.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Contains("regionId", await badRegion.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownLiveRoom), await StatusAndCode(await member.GetAsync($"/api/live-rooms/{roomId}", Cancel)));
    }

    [Fact]
    public async Task StartOrEnd_ByAnotherGuide_IsForbidden()
    {
        var (shop, roomId) = await LiveRoom();
        using var other = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);

        var end = await other.PostAsync($"/api/live-rooms/{roomId}/end", null, Cancel);

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.NotHost), await StatusAndCode(end));
        using var viewer = _app.ClientAs(shop.Member, Roles.Member);
        Assert.Equal(LiveRoomStatus.Live, (await viewer.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Viewers_SeeEachCommentOnce_InOrder_WithTheSenderName(bool messagePack)
    {
        await using var watched = await WatchedRoom(shop => (shop.Member, Roles.Member), messagePack);
        var viewer = watched.Viewer;

        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await watched.Commenter.InvokeAsync<CommentPosted>("SendComment", watched.RoomId, $"c-{i}", $"question {i}", Cancel)).CommentId);
        }

        await Eventually.True(() => Task.FromResult(viewer.Comments.Count >= 3), cancellationToken: Cancel);
        await Task.Delay(300, Cancel);
        Assert.Equal(ids, viewer.Comments.Select(c => c.CommentId));
        Assert.All(viewer.Comments, c => Assert.Equal(("Chen Jing", watched.Shop.Member), (c.Name, c.UserId)));
        Assert.Equal(0, viewer.Rejoins);
    }

    [Fact]
    public async Task Viewers_OfARoomThatLeftMemory_HearItsNextCommentWithinSeconds_NotAtTheNextPeriodicReport()
    {
        await using var watched = await WatchedRoom(shop => (shop.Member, Roles.Member));
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        var room = grains.GetGrain<ILiveRoomGrain>(watched.RoomId);

        // As its silo stopping, or a failed write, would take it out; the room is activated again by the next call.
        await grains.GetGrain<IManagementGrain>(0).DeactivateGrain(room.GetGrainId(), Cancel);
        await Task.Delay(500, Cancel);
        var posted = await watched.Commenter.InvokeAsync<CommentPosted>("SendComment", watched.RoomId, "c-after", "still there?", Cancel);

        // The Edge's periodic report comes every 20 s; the viewer hears the comment well before.
        await Eventually.True(() => Task.FromResult(watched.Viewer.Comments.Any(c => c.CommentId == posted.CommentId)), TimeSpan.FromSeconds(5), Cancel);
        Assert.Equal(2, (await room.GetStats()).Viewers); // the viewer and the commenter
    }

    [Fact]
    public async Task Batches_ThatNeverReachedTheEdge_AreFetchedFromTheRoom_SoItsViewersSeeNoGapAndDoNotRejoin()
    {
        await using var watched = await WatchedRoom(shop => (shop.DirectGuide, Roles.Guide));
        var (roomId, viewer, host) = (watched.RoomId, watched.Viewer, watched.Commenter);
        var ids = new List<long> { (await host.InvokeAsync<CommentPosted>("SendComment", roomId, "c-0", "before", Cancel)).CommentId };
        await Eventually.True(() => Task.FromResult(viewer.Comments.Count == 1), cancellationToken: Cancel);

        // The room stops sending to this Edge, as if its batches (one-way messages) were lost on the way: the Edge
        // still has its viewer; the room hears it has none here. Each comment goes in a batch of its own.
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        var room = grains.GetGrain<ILiveRoomGrain>(roomId);
        var edgeId = _app.Services.GetRequiredService<EdgeIdentity>().Id;
        var edge = grains.CreateObjectReference<IEdgeFeedObserver>(_app.Services.GetRequiredService<LiveRoomFeeds>());
        await room.ReportViewers(edgeId, edge, 0);
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await host.InvokeAsync<CommentPosted>("SendComment", roomId, $"c-{i}", $"missed {i}", Cancel)).CommentId);
            await Task.Delay(250, Cancel);
        }

        await room.ReportViewers(edgeId, edge, 1);
        ids.Add((await host.InvokeAsync<CommentPosted>("SendComment", roomId, "c-4", "after", Cancel)).CommentId);

        await Eventually.True(() => Task.FromResult(viewer.Comments.Count >= ids.Count), TimeSpan.FromSeconds(5), Cancel);
        await Task.Delay(300, Cancel);
        Assert.Equal(ids, viewer.Comments.Select(c => c.CommentId));
        Assert.Equal(0, viewer.Rejoins);
    }

    [Fact]
    public async Task Viewers_AreCountedAcrossConnections_AndDropOnLeaveAndOnAbruptDisconnect()
    {
        var (_, roomId) = await LiveRoom();
        await using var first = _app.Connect(LiveHub.Path, TestIds.New("viewer"), Roles.Member);
        var second = _app.Connect(LiveHub.Path, TestIds.New("viewer"), Roles.Member);
        await using var third = _app.Connect(LiveHub.Path, TestIds.New("viewer"), Roles.Member);
        var watcher = await RoomWatcher.JoinAsync(first, roomId, Cancel);
        await RoomWatcher.JoinAsync(second, roomId, Cancel);
        await RoomWatcher.JoinAsync(third, roomId, Cancel);
        await Eventually.True(() => Task.FromResult(watcher.Latest?.Viewers == 3), cancellationToken: Cancel);

        await third.InvokeAsync("LeaveRoom", roomId, Cancel);
        await Eventually.True(() => Task.FromResult(watcher.Latest?.Viewers == 2), cancellationToken: Cancel);
        await second.DisposeAsync();

        await Eventually.True(() => Task.FromResult(watcher.Latest?.Viewers == 1), cancellationToken: Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var stats = await ops.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel);
        Assert.Equal((1, 3), (stats!.Viewers, stats.PeakViewers));
    }

    [Fact]
    public async Task Likes_AreSummedOnTheEdge_AndPushedAsTotals()
    {
        var (_, roomId) = await LiveRoom();
        await using var connection = _app.Connect(LiveHub.Path, TestIds.New("viewer"), Roles.Member);
        var watcher = await RoomWatcher.JoinAsync(connection, roomId, Cancel);

        for (var i = 0; i < 10; i++)
        {
            await connection.InvokeAsync("Like", roomId, 3, Cancel);
        }

        await Eventually.True(() => Task.FromResult(watcher.Latest?.Likes == 30), cancellationToken: Cancel);
        var notJoined = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Like", TestIds.New("room"), 1, Cancel));
        var tooMany = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Like", roomId, 1_000, Cancel));
        Assert.Contains($"HubException: {ErrorCodes.UnknownLiveRoom}:", notJoined.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", tooMany.Message);
    }

    [Fact]
    public async Task RefusedComments_ComeBackAsHubExceptionsWithTheReason()
    {
        var (shop, roomId) = await LiveRoom();
        await using var member = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await using var outside = _app.Connect(LiveHub.Path, TestIds.New("member"), Roles.Member);
        await member.StartAsync(Cancel);
        await outside.StartAsync(Cancel);
        await member.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);

        var notJoined = await Assert.ThrowsAsync<HubException>(() => outside.InvokeAsync<CommentPosted>("SendComment", roomId, "c-0", "from outside", Cancel));
        var tooLong = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", new string('x', 201), Cancel));
        var empty = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<CommentPosted>("SendComment", roomId, "c-2", " \t ", Cancel));
        var unknownRoom = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<CommentPosted>("SendComment", TestIds.New("room"), "c-3", "hi", Cancel));
        var badId = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<RoomSnapshot>("JoinRoom", "bad id!", Cancel));
        for (var i = 0; i < 3; i++)
        {
            await member.InvokeAsync<CommentPosted>("SendComment", roomId, $"ok-{i}", "hello", Cancel);
        }

        var tooFast = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync<CommentPosted>("SendComment", roomId, "c-4", "hello again", Cancel));

        Assert.Contains($"HubException: {ErrorCodes.UnknownLiveRoom}: join room '{roomId}' before commenting in it.", notJoined.Message);
        Assert.Contains($"HubException: {ErrorCodes.CommentTooLong}:", tooLong.Message);
        Assert.Contains($"HubException: {ErrorCodes.CommentEmpty}:", empty.Message);
        Assert.Contains($"HubException: {ErrorCodes.UnknownLiveRoom}:", unknownRoom.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badId.Message);
        Assert.Contains($"HubException: {ErrorCodes.TooFast}:", tooFast.Message);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        Assert.Equal(3, (await ops.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel))!.Comments);
    }

    [Fact]
    public async Task AFranchisee_WatchesAndComments_UnderItsAccount_ButNeitherBuysNorModerates()
    {
        await using var watched = await WatchedRoom(shop => (shop.Dealer, Roles.Dealer), messagePack: false);
        var (dealer, roomId, shop) = (watched.Commenter, watched.RoomId, watched.Shop);

        var snapshot = await dealer.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);
        var posted = await dealer.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", "Our store has it too", Cancel);
        var buy = await Assert.ThrowsAsync<HubException>(() => dealer.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel));
        var pin = await Assert.ThrowsAsync<HubException>(() => dealer.InvokeAsync("PinProduct", roomId, shop.Sku, Cancel));

        await Eventually.True(() => Task.FromResult(watched.Viewer.Comments.Any(c => c.CommentId == posted.CommentId)), cancellationToken: Cancel);
        var comment = Assert.Single(watched.Viewer.Comments);
        Assert.Equal(roomId, snapshot.RoomId);
        Assert.Equal((shop.Dealer, shop.Dealer), (comment.UserId, comment.Name));
        Assert.Contains("HubException: forbidden: The role 'dealer' may not call Buy", buy.Message);
        Assert.Contains("HubException: forbidden: The role 'dealer' may not call PinProduct", pin.Message);
    }

    [Fact]
    public async Task HostActions_AreRefusedToMembersAndOtherGuides_AndWorkForTheHost()
    {
        var (shop, roomId) = await LiveRoom();
        await using var member = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await using var otherGuide = _app.Connect(LiveHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide, messagePack: true);
        var watcher = await RoomWatcher.JoinAsync(member, roomId, Cancel);
        await otherGuide.StartAsync(Cancel);
        await host.StartAsync(Cancel);

        var byMember = await Assert.ThrowsAsync<HubException>(() => member.InvokeAsync("PinProduct", roomId, shop.Sku, Cancel));
        var byOther = await Assert.ThrowsAsync<HubException>(() => otherGuide.InvokeAsync("PinProduct", roomId, shop.Sku, Cancel));
        var offShelf = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync("PinProduct", roomId, "not-on-shelf", Cancel));
        await host.InvokeAsync("PinProduct", roomId, shop.Sku, Cancel);
        await host.InvokeAsync("SetSlowMode", roomId, 5, Cancel);
        await host.InvokeAsync("MuteUser", roomId, "troll-1", 60, Cancel);
        var sale = await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 2, Cancel);

        Assert.Contains("HubException: forbidden: The role 'member' may not call PinProduct", byMember.Message);
        Assert.Contains($"HubException: {ErrorCodes.NotHost}:", byOther.Message);
        Assert.Contains($"HubException: {ErrorCodes.NotOnShelf}:", offShelf.Message);
        await Eventually.True(() => Task.FromResult(watcher.Latest?.PinnedSku == shop.Sku && watcher.Latest.FlashSales.Length == 1), cancellationToken: Cancel);
        Assert.Equal(("s-1", 2, 2), (sale.SaleId, sale.Quantity, sale.Remaining));
    }

    [Fact]
    public async Task BuyAndStartFlashSale_WithBadInput_AreRefusedWithTheReason_AndChangeNothing()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var buyer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await host.StartAsync(Cancel);
        await buyer.StartAsync(Cancel);
        await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 3, Cancel);
        var orderIds = Enumerable.Range(0, 5).Select(_ => TestIds.New("o")).ToArray();

        async Task<string> Refusal(Func<Task> call) => (await Assert.ThrowsAsync<HubException>(call)).Message;
        var refusals = new[]
        {
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderIds[0], 0, 31.2323, 121.4735, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderIds[1], 10_001, 31.2323, 121.4735, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderIds[2], 1, 91.0, 121.4735, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderIds[3], 1, 31.2323, -181.0, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", "bad id!", 1, 31.2323, 121.4735, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-9", orderIds[4], 1, 31.2323, 121.4735, Cancel)), ErrorCodes.UnknownFlashSale),
            (await Refusal(() => host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-2", shop.Sku, 0L, 3, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-2", shop.Sku, 19_900L, 0, Cancel)), ErrorCodes.ValidationFailed),
            (await Refusal(() => host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-2", "not-on-the-shelf", 19_900L, 3, Cancel)), ErrorCodes.NotOnShelf),
        };

        foreach (var (message, code) in refusals)
        {
            Assert.Contains($"HubException: {code}:", message, StringComparison.Ordinal);
        }

        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var room = await ops.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel);
        Assert.Equal([("s-1", 3)], room!.FlashSales.Select(s => (s.SaleId, s.Remaining)));
        foreach (var orderId in orderIds)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync($"/api/orders/{orderId}", Cancel)).StatusCode);
        }

        var inventory = await ops.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel);
        Assert.Equal(3, inventory!.Reserved); // the sale's units, and nothing for the refused calls
    }

    [Fact]
    public async Task AMembersOrdersInARoom_AreListedByTheRoom_WithoutThoseTheyPlacedElsewhere()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var buyer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await host.StartAsync(Cancel);
        await buyer.StartAsync(Cancel);
        await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 2, Cancel);
        var inRoom = await buyer.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var elsewhere = TestIds.New("o");
        (await member.PostAsJsonAsync("/api/orders", shop.Order(elsewhere, 1), Cancel)).EnsureSuccessStatusCode();
        var orders = $"/api/members/{shop.Member}/orders";

        var roomsOrders = await member.GetFromJsonAsync<MemberOrderPage>($"{orders}?liveRoomId={roomId}", Cancel);
        var afterTheOther = await member.GetFromJsonAsync<MemberOrderPage>($"{orders}?liveRoomId={roomId}&before={elsewhere}", Cancel);
        var anotherRoom = await member.GetFromJsonAsync<MemberOrderPage>($"{orders}?liveRoomId={TestIds.New("live")}", Cancel);
        var all = await member.GetFromJsonAsync<MemberOrderPage>(orders, Cancel);
        var malformed = await member.GetAsync($"{orders}?liveRoomId=not%20an%20id", Cancel);

        Assert.Equal([(inRoom.OrderId, roomId)], roomsOrders!.Orders.Select(o => (o.OrderId, o.LiveRoomId)));
        Assert.Null(roomsOrders.Next);
        Assert.Equal([inRoom.OrderId], afterTheOther!.Orders.Select(o => o.OrderId));
        Assert.Empty(anotherRoom!.Orders);
        Assert.Equal([elsewhere, inRoom.OrderId], all!.Orders.Select(o => o.OrderId));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(["liveRoomId"], (await malformed.Content.ReadFromJsonAsync<HttpValidationProblem>(Cancel))!.Errors.Keys);
    }

    [Fact]
    public async Task Buy_CreatesAReservedOrderAttributedToTheRoom_ThenSoldOut_AndPayingCountsTheGmv()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var buyer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member, messagePack: true);
        await host.StartAsync(Cancel);
        var watcher = await RoomWatcher.JoinAsync(buyer, roomId, Cancel);
        await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 1, Cancel);
        var orderId = TestIds.New("o");

        var order = await buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderId, 1, 31.2323, 121.4735, Cancel);
        var soldOut = await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel));
        var byGuide = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), 1, 31.2323, 121.4735, Cancel));
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order.Total }, Cancel)).EnsureSuccessStatusCode();
        var membersOrders = await member.GetFromJsonAsync<MemberOrderPage>($"/api/members/{shop.Member}/orders", Cancel);

        Assert.Equal((OrderStatus.Reserved, roomId, shop.DirectGuide, 19_900L), (order.Status, order.LiveRoomId, order.GuideId, order.Total));
        Assert.Equal([(orderId, OrderStatus.Paid, roomId)], membersOrders!.Orders.Select(o => (o.OrderId, o.Status, o.LiveRoomId)));
        Assert.Contains($"HubException: {ErrorCodes.SoldOut}:", soldOut.Message);
        Assert.Contains("HubException: forbidden: The role 'guide' may not call Buy", byGuide.Message);
        await Eventually.True(() => Task.FromResult(watcher.Latest?.FlashSales is [{ Remaining: 0 }]), cancellationToken: Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        await Eventually.True(async () => (await ops.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel))!.Gmv == 19_900, cancellationToken: Cancel);
    }

    [Fact]
    public async Task ABuyerTakesAtMostTheLimitOfASale_UnderConcurrentBuys_OthersStillBuy_AndACancelledOrderNoLongerCounts()
    {
        // Its own Edge, with a limit of three units per buyer per sale.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["LiveRooms:MaxUnitsPerBuyer"] = "3" });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(app, Cancel);
        await using var host = app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var buyer = app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        var neighbourId = TestIds.New("member");
        using (var signUp = app.ClientAs(neighbourId, Roles.Member))
        {
            (await signUp.PutAsJsonAsync($"/api/members/{neighbourId}", new { name = "Neighbour" }, Cancel)).EnsureSuccessStatusCode();
        }

        await using var neighbour = app.Connect(LiveHub.Path, neighbourId, Roles.Member);
        await Task.WhenAll(host.StartAsync(Cancel), buyer.StartAsync(Cancel), neighbour.StartAsync(Cancel));
        await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 10, Cancel);
        Task<Order> Buy(HubConnection connection, int quantity = 1) =>
            connection.InvokeAsync<Order>("Buy", roomId, "s-1", TestIds.New("o"), quantity, 31.2323, 121.4735, Cancel);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (Order: await Buy(buyer), Refusal: (string?)null);
            }
            catch (HubException refused)
            {
                return (Order: (Order?)null, Refusal: refused.Message);
            }
        }));
        var others = await Buy(neighbour, 2);
        using var member = app.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsync($"/api/orders/{attempts.First(a => a.Order is not null).Order!.OrderId}/cancel", null, Cancel)).EnsureSuccessStatusCode();
        var afterCancel = await Buy(buyer);
        var overTheLimit = await Assert.ThrowsAsync<HubException>(() => Buy(buyer));

        Assert.Equal(3, attempts.Count(a => a.Order is not null));
        Assert.All(attempts.Where(a => a.Order is null), a => Assert.Contains($"HubException: {ErrorCodes.BuyerLimit}:", a.Refusal));
        Assert.Equal(2, others.Lines.Single().Quantity);
        Assert.Equal(OrderStatus.Reserved, afterCancel.Status);
        Assert.Contains($"HubException: {ErrorCodes.BuyerLimit}: One buyer may take at most 3 of this sale; you have 3.", overTheLimit.Message);
        var snapshot = await member.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel);
        Assert.Equal(5, snapshot!.FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task CouponDrop_ReachesViewers_AViewerClaimsOne_UsesItInAnOrder_AndTheRoleAndInputRulesHold()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var viewer = _app.Connect(LiveHub.Path, shop.Member, Roles.Member, messagePack: true);
        await using var notJoined = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await host.StartAsync(Cancel);
        await notJoined.StartAsync(Cancel);
        var watcher = await RoomWatcher.JoinAsync(viewer, roomId, Cancel);

        var byViewer = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<CouponDropView>("DropCoupon", roomId, "d-1", 3_000L, 30_000L, 2, Cancel));
        var badTerms = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync<CouponDropView>("DropCoupon", roomId, "d-1", 3_000L, 1_000L, 2, Cancel));
        var drop = await host.InvokeAsync<CouponDropView>("DropCoupon", roomId, "d-1", 3_000L, 30_000L, 2, Cancel);
        await Eventually.True(() => Task.FromResult(watcher.Latest?.CouponDrops is [{ DropId: "d-1", Remaining: 2 }]), cancellationToken: Cancel);
        var withoutJoining = await Assert.ThrowsAsync<HubException>(() => notJoined.InvokeAsync<Coupon>("ClaimCoupon", roomId, "d-1", Cancel));
        var byHost = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync<Coupon>("ClaimCoupon", roomId, "d-1", Cancel));
        var unknownDrop = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<Coupon>("ClaimCoupon", roomId, "d-9", Cancel));
        var coupon = await viewer.InvokeAsync<Coupon>("ClaimCoupon", roomId, "d-1", Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var order = await (await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o"), couponId: coupon.CouponId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);

        Assert.Contains("HubException: forbidden: The role 'member' may not call DropCoupon", byViewer.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badTerms.Message);
        Assert.Equal((2, 2), (drop.Quantity, drop.Remaining));
        Assert.Contains($"HubException: {ErrorCodes.UnknownLiveRoom}:", withoutJoining.Message);
        Assert.Contains("HubException: forbidden: The role 'guide' may not call ClaimCoupon", byHost.Message);
        Assert.Contains($"HubException: {ErrorCodes.UnknownCouponDrop}:", unknownDrop.Message);
        Assert.Equal((3_000L, shop.Price - 3_000), (order!.Discount, order.Total));
        await Eventually.True(() => Task.FromResult(watcher.Latest?.CouponDrops is [{ Remaining: 1 }]), cancellationToken: Cancel);
        Assert.Equal([("d-1", 1)], (await member.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!.CouponDrops.Select(d => (d.DropId, d.Remaining)));
    }

    [Fact]
    public async Task MutedViewer_AndAViewerInSlowMode_AreRefusedWithTheReason_AndBadSettingsChangeNothing()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var muted = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await using var chatty = _app.Connect(LiveHub.Path, "chatty-" + shop.Member, Roles.Member, messagePack: true);
        await host.StartAsync(Cancel);
        await muted.StartAsync(Cancel);
        await chatty.StartAsync(Cancel);
        await muted.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);
        await chatty.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel);

        await host.InvokeAsync("MuteUser", roomId, shop.Member, 600, Cancel);
        var badMute = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync("MuteUser", roomId, "chatty-" + shop.Member, -1, Cancel));
        var badSlowMode = await Assert.ThrowsAsync<HubException>(() => host.InvokeAsync("SetSlowMode", roomId, 601, Cancel));
        var unheard = await Assert.ThrowsAsync<HubException>(() => muted.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", "let me speak", Cancel));
        await chatty.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", "first", Cancel);
        await chatty.InvokeAsync<CommentPosted>("SendComment", roomId, "c-2", "second, before slow mode", Cancel);
        await host.InvokeAsync("SetSlowMode", roomId, 30, Cancel);
        var tooSoon = await Assert.ThrowsAsync<HubException>(() => chatty.InvokeAsync<CommentPosted>("SendComment", roomId, "c-3", "third", Cancel));

        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badMute.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badSlowMode.Message);
        Assert.Contains($"HubException: {ErrorCodes.Muted}:", unheard.Message);
        Assert.Contains($"HubException: {ErrorCodes.SlowMode}:", tooSoon.Message);
        using var client = _app.ClientAs(shop.Member, Roles.Member);
        var snapshot = (await client.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!;
        Assert.Equal(30, snapshot.SlowModeSeconds);
        await Eventually.True(async () => (await client.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel))!.Comments == 2, cancellationToken: Cancel);
    }

    [Fact]
    public async Task DeletedComment_IsAnnouncedToViewers_AndLeavesTheSnapshot()
    {
        var (shop, roomId) = await LiveRoom();
        await using var host = _app.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var viewerConnection = _app.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await host.StartAsync(Cancel);
        var viewer = await RoomWatcher.JoinAsync(viewerConnection, roomId, Cancel);
        var spam = await viewerConnection.InvokeAsync<CommentPosted>("SendComment", roomId, "c-1", "buy followers here", Cancel);
        await Eventually.True(() => Task.FromResult(viewer.Comments.Count == 1), cancellationToken: Cancel);

        await host.InvokeAsync("DeleteComment", roomId, spam.CommentId, Cancel);

        await Eventually.True(() => Task.FromResult(viewer.Latest!.DeletedCommentIds.Contains(spam.CommentId)), cancellationToken: Cancel);
        using var client = _app.ClientAs(shop.Member, Roles.Member);
        Assert.Empty((await client.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!.RecentComments);
    }

    [Fact]
    public async Task Hub_WithoutAToken_IsRefused()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_app.BaseAddress, LiveHub.Path)).Build();
        await using var _ = connection;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(Cancel));

        Assert.Contains("401", error.Message);
    }

    private async Task<(DemoShop Shop, string RoomId)> LiveRoom()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var host = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var roomId = TestIds.New("room");
        (await host.PostAsJsonAsync("/api/live-rooms", Room(shop, roomId), Cancel)).EnsureSuccessStatusCode();
        (await host.PostAsync($"/api/live-rooms/{roomId}/start", null, Cancel)).EnsureSuccessStatusCode();
        return (shop, roomId);
    }

    /// <summary>
    /// A live room with one viewer joined, and a started connection to comment from as whom <paramref name="commenter"/>
    /// picks (the member, or the host).
    /// </summary>
    private async Task<ViewedRoom> WatchedRoom(Func<DemoShop, (string UserId, string Role)> commenter, bool messagePack = false)
    {
        var (shop, roomId) = await LiveRoom();
        var (userId, role) = commenter(shop);
        var viewerConnection = _app.Connect(LiveHub.Path, TestIds.New("viewer"), Roles.Member, messagePack);
        var commenting = _app.Connect(LiveHub.Path, userId, role, messagePack);
        var viewer = await RoomWatcher.JoinAsync(viewerConnection, roomId, Cancel);
        await commenting.StartAsync(Cancel);
        await commenting.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel); // a comment comes from the room
        return new ViewedRoom(shop, roomId, viewer, viewerConnection, commenting);
    }

    private static RoomBody Room(DemoShop shop, string roomId) => new(roomId, shop.DirectGuide, "Serum week", shop.RegionId, [shop.Sku]);

    private static async Task<(HttpStatusCode, string?)> StatusAndCode(HttpResponseMessage response) => (response.StatusCode, await response.ProblemCodeAsync());


    /// <summary>What <see cref="WatchedRoom"/> sets up; disposing it closes both connections.</summary>
    private sealed record ViewedRoom(DemoShop Shop, string RoomId, RoomWatcher Viewer, HubConnection ViewerConnection, HubConnection Commenter)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Commenter.DisposeAsync();
            await ViewerConnection.DisposeAsync();
        }
    }

    private sealed record RoomBody(string RoomId, string GuideId, string Title, string RegionId, ImmutableArray<string> Shelf);
}
