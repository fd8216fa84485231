using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// The live room page in a real browser (Debian's headless Chromium, Playwright) against the real hub, beside .NET
/// clients: what the page shows must be what the room sends, and what the page does must reach the room.
/// </summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class LiveRoomPageTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMemberInTheBrowser_SeesTheHostsCommentAndSale_BuysAUnit_AndPaysForIt()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host, hostView) = (scene.Shop, scene.RoomId, scene.Client, scene.ClientView);
        var page = await OpenRoom(scene.Browser, roomId, shop.Member);

        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "Welcome, everyone!", Cancel);
        await Assertions.Expect(page.Locator("#comments li .text")).ToContainTextAsync(["Welcome, everyone!"], new() { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("#viewers")).ToHaveTextAsync("2 watching");

        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 3, Cancel);
        var sale = page.Locator("#sales li[data-sale='sale-1']");
        await Assertions.Expect(sale.Locator(".remaining")).ToHaveTextAsync("3 of 3 left", new() { Timeout = 2_000 });
        // The room names the SKU only; the page shows the product, and its list price struck through.
        await Assertions.Expect(sale.Locator(".sale-label")).ToHaveTextAsync("⚡ Hydrating Serum 30ml ¥199.00 ¥329.00");
        await Assertions.Expect(sale.Locator(".sale-label s")).ToHaveTextAsync("¥329.00");

        await sale.Locator("button.buy").ClickAsync();
        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved");
        await Assertions.Expect(order.Locator("span").First).ToHaveTextAsync("Hydrating Serum 30ml ×1 · ¥199.00");
        await Assertions.Expect(sale.Locator(".remaining")).ToHaveTextAsync("2 of 3 left");
        await order.Locator("button.pay").ClickAsync();
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");

        await host.InvokeAsync<CouponDropView>(nameof(LiveHub.DropCoupon), roomId, "drop-1", 1_000L, 10_000L, 5, Cancel);
        var drop = page.Locator("#drops li[data-drop='drop-1']");
        await Assertions.Expect(drop.Locator(".remaining")).ToHaveTextAsync("5 of 5 left", new() { Timeout = 2_000 });
        await drop.Locator("button.claim").ClickAsync();
        await Assertions.Expect(drop.Locator(".remaining")).ToHaveTextAsync("4 of 5 left", new() { Timeout = 2_000 });
        var couponId = await page.Locator("#coupons li").GetAttributeAsync("data-coupon");

        // The page's comment reaches the host like any viewer's.
        await page.FillAsync("#comment", "Just bought one!");
        await page.ClickAsync("#comment-form button:text('Send')");
        await Eventually.True(() => hostView.Comments.Any(c => c.Text == "Just bought one!" && c.UserId == shop.Member), TimeSpan.FromSeconds(2), Cancel);

        // Every batch came in order: the page never had to join again.
        Assert.Equal("1", await page.Locator("body").GetAttributeAsync("data-joins"));
        using var anyone = _app.ClientAs(shop.Member, Roles.Member);
        var stats = await anyone.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel);
        Assert.Equal((1, 19_900L), (stats!.Orders, stats.Gmv));
        var profile = await anyone.GetFromJsonAsync<MemberProfile>($"/api/members/{shop.Member}", Cancel);
        Assert.Contains(profile!.Coupons, coupon => coupon.CouponId == couponId && coupon.AmountOff == 1_000);

        // The host's slow mode reaches the page with the next batch, before any comment of the member's is refused.
        await host.InvokeAsync(nameof(LiveHub.SetSlowMode), roomId, 30, Cancel);
        await Assertions.Expect(page.Locator("#slow-note")).ToHaveTextAsync("Slow mode: one comment per 30 s", new() { Timeout = 2_000 });
        await host.InvokeAsync(nameof(LiveHub.SetSlowMode), roomId, 0, Cancel);
        await Assertions.Expect(page.Locator("#slow-note")).ToBeHiddenAsync(new() { Timeout = 2_000 });
        Assert.Equal("1", await page.Locator("body").GetAttributeAsync("data-joins"));
    }

    [Fact]
    public async Task AnOrderCancelledElsewhere_ShowsCancelledOnThePage_WithoutAReload_OverPushesOpenedWithTheFirstOrder()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 3, Cancel);
        var hubs = new ConcurrentQueue<string>();
        var page = await OpenRoom(scene.Browser, roomId, shop.Member, loading =>
        {
            loading.WebSocket += (_, socket) => hubs.Enqueue(new Uri(socket.Url).AbsolutePath);
            return Task.CompletedTask;
        });
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel); // the member's earlier orders in the room read (none)
        Assert.Equal(["/hubs/live"], hubs); // a viewer who has not ordered has nothing to hear on /hubs/notifications
        var sale = page.Locator("#sales li[data-sale='sale-1']");
        await sale.Locator("button.buy").ClickAsync(new() { Timeout = 10_000 });
        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved");
        await Assertions.Expect(sale.Locator(".remaining")).ToHaveTextAsync("2 of 3 left");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 10_000 });
        Assert.Equal(["/hubs/live", "/hubs/notifications"], hubs);

        // The member cancels it from another client: the page hears of it on /hubs/notifications.
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsync($"/api/orders/{await order.GetAttributeAsync("data-order")}/cancel", null, Cancel)).EnsureSuccessStatusCode();

        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Cancelled", new() { Timeout = 5_000 });
        await Assertions.Expect(order.Locator("button.pay")).ToHaveCountAsync(0);
        await Assertions.Expect(sale.Locator(".remaining")).ToHaveTextAsync("3 of 3 left", new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task AnOrderCancelledWhileThePushesWereLost_ShowsCancelledOnceTheyAreBack()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 3, Cancel);

        // The page's order pushes pass through the test, which can drop them and refuse reconnections until told.
        var pushes = new HubRelay("/hubs/notifications");
        var page = await OpenRoom(scene.Browser, roomId, shop.Member, pushes.RouteAsync);
        await page.Locator("#sales li[data-sale='sale-1'] button.buy").ClickAsync(new() { Timeout = 10_000 });
        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 10_000 });

        await pushes.DropAndRefuseAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "reconnecting");
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsync($"/api/orders/{await order.GetAttributeAsync("data-order")}/cancel", null, Cancel)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel); // its push, to nobody, is long gone
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved");

        pushes.Admit();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 20_000 });
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Cancelled", new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task AMembersOrdersInTheRoom_AreStillOnThePageAfterAReload_NewestFirst_AndAreStillPaidThere()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 3, Cancel);
        var page = await OpenRoom(scene.Browser, roomId, shop.Member);
        var buy = page.Locator("#sales li[data-sale='sale-1'] button.buy");
        var orders = page.Locator("#orders li");
        await buy.ClickAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(orders).ToHaveCountAsync(1);
        await buy.ClickAsync();
        await Assertions.Expect(orders).ToHaveCountAsync(2);
        var placed = await orders.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.order)");

        // Meanwhile 20 orders of the member's outside the room, which are not this page's: the room's are older than a
        // page of the member's latest.
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        for (var i = 0; i < 20; i++)
        {
            (await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o")), Cancel)).EnsureSuccessStatusCode();
        }

        await page.ReloadAsync();

        await Assertions.Expect(orders).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        Assert.Equal(placed, await orders.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.order)"));
        await Assertions.Expect(orders.Locator(".order-status")).ToHaveTextAsync(["Reserved", "Reserved"]);
        await orders.First.Locator("button.pay").ClickAsync();
        await Assertions.Expect(orders.Locator(".order-status")).ToHaveTextAsync(["Paid", "Reserved"]);
    }

    [Fact]
    public async Task AMemberWhoSharesTheirLocation_BuysFromTheStoreNearestThem()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);

        // 25 units: more than either store holds (20 each), so the sale takes from both, the host's store first.
        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 25, Cancel);

        // Beside Nanjing Road East. Without the browser's position the page would buy as if at the region's first
        // store by distance from (0, 0), which is Xujiahui.
        var page = await Chromium.PhonePageAsync(scene.Browser, new Geolocation { Latitude = 31.2340f, Longitude = 121.4790f });
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        var sale = page.Locator("#sales li[data-sale='sale-1']");
        await sale.Locator("button.buy").ClickAsync(new() { Timeout = 10_000 });

        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved");
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"from {shop.DirectStore} (0.2 km)");
    }

    [Fact]
    public async Task AMemberInTheBrowser_BuysThePinnedProduct_AsAnOrderOfTheRoom_AtTheNearestStoresPrice()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        using var ops = _app.ClientAs("ops-setup", Roles.Ops);
        (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/catalog/{shop.Sku}", new { price = 29_900, promotion = "Gift box" }, Cancel)).EnsureSuccessStatusCode();
        await host.InvokeAsync(nameof(LiveHub.PinProduct), roomId, shop.Sku, Cancel);

        // Beside Nanjing Road East, whose own price is ¥299.00 against the list price of ¥329.00: the page shows the price
        // the order will charge, with the list price struck through, and the store's promotion.
        var page = await Chromium.PhonePageAsync(scene.Browser, new Geolocation { Latitude = 31.2340f, Longitude = 121.4790f });
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        await Assertions.Expect(page.Locator("#pinned .pinned-label")).ToHaveTextAsync("📌 Hydrating Serum 30ml · ¥299.00 ¥329.00 Gift box", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#pinned .pinned-label s")).ToHaveTextAsync("¥329.00");

        // A member who does not share where they are buys from the region's fallback store, Xujiahui, at the list price.
        var elsewhere = await Chromium.PhonePageAsync(scene.Browser);
        await elsewhere.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        await Assertions.Expect(elsewhere.Locator("#pinned .pinned-label")).ToHaveTextAsync("📌 Hydrating Serum 30ml · ¥329.00", new() { Timeout = 10_000 });
        await Assertions.Expect(elsewhere.Locator("#pinned .pinned-label s")).ToHaveCountAsync(0);

        await page.Locator("#pinned button.buy-pinned").ClickAsync();

        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved", new() { Timeout = 10_000 });
        await Assertions.Expect(order.Locator("span").First).ToHaveTextAsync("Hydrating Serum 30ml ×1 · ¥299.00");
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"from {shop.DirectStore} (0.2 km)");
        var orderId = await order.GetAttributeAsync("data-order");
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var placed = await member.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel);
        Assert.Equal((roomId, shop.DirectGuide, shop.DirectStore), (placed!.LiveRoomId, placed.GuideId, placed.StoreId));

        // Paid, it is one of the room's orders.
        await order.Locator("button.pay").ClickAsync();
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");
        await Eventually.True(async () => (await member.GetFromJsonAsync<RoomStats>($"/api/live-rooms/{roomId}/stats", Cancel)) is { Orders: 1, Gmv: 29_900 },
            cancellationToken: Cancel);
    }

    [Fact]
    public async Task AMemberInTheBrowser_PicksUpThePinnedProductAtTheStoreNearestThem_WhenThatStoreHoldsIt()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        using var ops = _app.ClientAs("ops-setup", Roles.Ops);
        await host.InvokeAsync(nameof(LiveHub.PinProduct), roomId, shop.Sku, Cancel);
        (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/stock/{shop.Sku}", new { onHand = 0 }, Cancel)).EnsureSuccessStatusCode();

        // Beside Nanjing Road East, which has none left: a pick-up there is refused, naming the store that has it.
        var page = await Chromium.PhonePageAsync(scene.Browser, new Geolocation { Latitude = 31.2340f, Longitude = 121.4790f });
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        var pickUp = page.Locator("#pinned button.pickup-pinned");
        await Assertions.Expect(page.Locator("#pinned .pickup-store")).ToHaveTextAsync("Pick up at Nanjing Road East, the store nearest you", new() { Timeout = 10_000 });
        await pickUp.ClickAsync();
        await Assertions.Expect(page.Locator("#room-error")).ToContainTextAsync($"{ErrorCodes.InsufficientStock}:");
        await Assertions.Expect(page.Locator("#orders li")).ToHaveCountAsync(0);

        // Stocked again, it is the member's to collect there, as an order of the room: once, though the first answer
        // never reached the page and the member bought again.
        (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/stock/{shop.Sku}", new { onHand = 5 }, Cancel)).EnsureSuccessStatusCode();
        var placements = await Chromium.LoseTheFirstAnswerAsync(page, "**/api/orders");
        await pickUp.ClickAsync();
        await Assertions.Expect(page.Locator("#room-error")).Not.ToContainTextAsync($"{ErrorCodes.InsufficientStock}:");
        await Assertions.Expect(page.Locator("#room-error")).Not.ToBeEmptyAsync();
        await pickUp.ClickAsync();
        var order = page.Locator("#orders li");
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Reserved", new() { Timeout = 10_000 });
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"pick up at {shop.DirectStore} (0.2 km)");
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var placed = await member.GetFromJsonAsync<Order>($"/api/orders/{await order.GetAttributeAsync("data-order")}", Cancel);
        Assert.Equal((FulfilmentMode.Pickup, shop.DirectStore, roomId), (placed!.Mode, placed.StoreId, placed.LiveRoomId));
        Assert.Equal(2, placements());
        Assert.Single((await member.GetFromJsonAsync<MemberOrderPage>($"/api/members/{shop.Member}/orders", Cancel))!.Orders);
    }

    [Fact]
    public async Task AMemberWhoSharesTheirLocationOnlyAfterABuyWentAhead_BuysFromTheStoreNearestThemNextTime()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        await host.InvokeAsync<FlashSaleView>(nameof(LiveHub.StartFlashSale), roomId, "sale-1", shop.Sku, 19_900L, 25, Cancel);

        // The member allows the browser's question 4 s after it is asked, later than a buy waits. No automation can click
        // the browser's own prompt, so the page's geolocation answers that late in the member's place.
        var page = await Chromium.PhonePageAsync(scene.Browser);
        await page.AddInitScriptAsync("""
            navigator.geolocation.getCurrentPosition = answer => setTimeout(() => {
              answer({ coords: { latitude: 31.2340, longitude: 121.4790 } });
              document.documentElement.dataset.positionShared = "yes";
            }, 4000);
            """);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        var buy = page.Locator("#sales li[data-sale='sale-1'] button.buy");
        var shipsFrom = page.Locator("#orders li .order-stores");
        await buy.ClickAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(shipsFrom).ToHaveTextAsync([$"from {shop.FranchiseStore} (0.0 km)"], new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-position-shared", "yes", new() { Timeout = 10_000 });

        await buy.ClickAsync();

        // Newest first: the second order ships from beside the member, the first from the region's fallback store.
        await Assertions.Expect(shipsFrom).ToHaveTextAsync([$"from {shop.DirectStore} (0.2 km)", $"from {shop.FranchiseStore} (0.0 km)"]);
    }

    [Fact]
    public async Task WhenTheRoomMovesToAnotherActivation_ThePageJoinsAgain_AndGoesOnShowingTheRoom()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        var page = await OpenRoom(scene.Browser, roomId, shop.Member);
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "Before", Cancel);
        await Assertions.Expect(page.Locator("#comments li .text")).ToContainTextAsync(["Before"], new() { Timeout = 2_000 });
        Assert.Equal("1", await page.Locator("body").GetAttributeAsync("data-joins"));

        // The next activation numbers its batches from its own clock: far past the page's last seq, a gap to the page.
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IManagementGrain>(0).DeactivateGrain(Room(roomId).GetGrainId(), Cancel);
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-2", "After", Cancel);

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-joins", "2", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#comments li .text")).ToHaveTextAsync(["Before", "After"]);
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-3", "Later", Cancel);
        await Assertions.Expect(page.Locator("#comments li .text")).ToHaveTextAsync(["Before", "After", "Later"], new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task ABatchMissedWhileThePageJoins_MakesItJoinAgainOnceTheJoinIsOver()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var page = await OpenRoom(scene.Browser, scene.RoomId, scene.Shop.Member);
        await Assertions.Expect(page.Locator("#viewers")).ToHaveTextAsync("2 watching"); // the room is quiet from here
        Assert.Equal("1", await page.Locator("body").GetAttributeAsync("data-joins"));

        // A join, and during it a batch two past the next: one was lost between the snapshot and it.
        await page.EvaluateAsync("""
            async () => {
              const skipping = state.seq + 2;
              const joining = join();
              receive({ roomId: state.roomId, seq: skipping, comments: [], deletedCommentIds: [], flashSales: [], couponDrops: [] });
              await joining;
            }
            """);

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-joins", "3", new() { Timeout = 5_000 });
        await scene.Client.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), scene.RoomId, "c-1", "Still here", Cancel);
        await Assertions.Expect(page.Locator("#comments li .text")).ToHaveTextAsync(["Still here"], new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task WhenTheConnectionDropsDuringAJoin_ThePageReconnects_JoinsAgain_AndGoesOnShowingTheRoom()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        var page = await Chromium.PhonePageAsync(scene.Browser);

        // The page's hub traffic passes through the test. Once told to, it lets the next join reach the hub (which
        // adds the connection to the room) but not its answer: the connection drops with the join under way.
        var dropNextJoinsAnswer = 0;
        var joinSent = 0;
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteWebSocketAsync(url => url.Contains("/hubs/live", StringComparison.Ordinal), browserSide =>
        {
            var hubSide = browserSide.ConnectToServer();
            browserSide.OnMessage(frame =>
            {
                if (frame.Text?.Contains("\"target\":\"JoinRoom\"", StringComparison.Ordinal) == true && Volatile.Read(ref dropNextJoinsAnswer) == 1)
                {
                    Volatile.Write(ref joinSent, 1);
                }

                hubSide.Send(frame.Text!);
            });
            hubSide.OnMessage(frame =>
            {
                // A completion (type 3) after that join was sent is its answer; any update in the same frame is one
                // more lost batch, which the next join makes good.
                if (Volatile.Read(ref joinSent) == 1 && frame.Text?.Contains("\"type\":3", StringComparison.Ordinal) == true
                    && Interlocked.CompareExchange(ref dropNextJoinsAnswer, 0, 1) == 1)
                {
                    _ = DropAsync();
                    return;
                }

                browserSide.Send(frame.Text!);
            });

            async Task DropAsync()
            {
                await HubRelay.DropAsync(browserSide, hubSide);
                dropped.SetResult();
            }
        });
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#viewers")).ToHaveTextAsync("2 watching");
        Assert.Equal("1", await page.Locator("body").GetAttributeAsync("data-joins"));

        Volatile.Write(ref dropNextJoinsAnswer, 1);
        await page.EvaluateAsync("() => { join(); }");
        await dropped.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "While you were away", Cancel);

        // The join under way failed with the connection; the page joined on the new one, and the hub forgot the old.
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-joins", "2", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#comments li .text")).ToHaveTextAsync(["While you were away"], new() { Timeout = 2_000 });
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-2", "Welcome back", Cancel);
        await Assertions.Expect(page.Locator("#comments li .text")).ToHaveTextAsync(["While you were away", "Welcome back"], new() { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("#viewers")).ToHaveTextAsync("2 watching", new() { Timeout = 5_000 });
        Assert.Equal("2", await page.Locator("body").GetAttributeAsync("data-joins"));
    }

    [Fact]
    public async Task AViewerWhoseHubCannotBeReached_AtFirstOrForMinutesAfterALoss_KeepsTrying_AndShowsTheRoomOnceUp()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId, host) = (scene.Shop, scene.RoomId, scene.Client);
        var feed = new HubRelay("/hubs/live");
        feed.Refuse(); // an Edge restarting behind the page, say: the page itself and the API answer
        var page = await Chromium.PhonePageAsync(scene.Browser);
        await page.Clock.InstallAsync(); // the page's timers, moved on by the test: minutes pass in seconds
        await feed.RouteAsync(page);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={shop.Member}").ToString());
        var comments = page.Locator("#comments li .text");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("offline · trying again", new() { Timeout = 10_000 });
        feed.Admit();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "Welcome", Cancel);
        await Assertions.Expect(comments).ToHaveTextAsync(["Welcome"], new() { Timeout = 5_000 });

        // Five minutes out of reach, a phone in a lift: the library's own policy gives up after four tries (42 s).
        await feed.DropAndRefuseAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("reconnecting…");
        for (var elapsed = 0; elapsed < 300; elapsed += 30)
        {
            await page.Clock.FastForwardAsync(30_000);
            await Task.Delay(TimeSpan.FromMilliseconds(200), Cancel); // the refused attempt fails, and the next is set
        }

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("reconnecting…");
        feed.Admit();
        await page.Clock.FastForwardAsync(30_000); // the longest wait between two tries

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await host.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-2", "Welcome back", Cancel);
        await Assertions.Expect(comments).ToHaveTextAsync(["Welcome", "Welcome back"], new() { Timeout = 5_000 });

        // The waits are drawn, between half their step and the whole, so that the viewers an Edge held come back apart.
        var thirdWaits = await page.EvaluateAsync<double[]>(
            "() => Array.from({ length: 50 }, () => reconnectForever.nextRetryDelayInMilliseconds({ previousRetryCount: 2 }))");
        Assert.All(thirdWaits, wait => Assert.InRange(wait, 2_000, 4_000));
        Assert.True(thirdWaits.Distinct().Count() > 10);
    }

    [Fact]
    public async Task TheHostInTheBrowser_SeesWhatTheRoomHasSold_AndViewersDoNot()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Guide);
        var (shop, roomId) = (scene.Shop, scene.RoomId);
        var hostPage = await Chromium.PhonePageAsync(scene.Browser);
        await hostPage.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&as=host").ToString());
        await Assertions.Expect(hostPage.Locator("#room-sales")).ToHaveTextAsync("0 paid · ¥0.00", new() { Timeout = 10_000 });

        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var order = new
        {
            orderId, memberId = shop.Member, regionId = shop.RegionId, storeId = shop.DirectStore, lines = new[] { new { sku = shop.Sku, quantity = 1 } },
            mode = "ship", latitude = 31.2323, longitude = 121.4735, liveRoomId = roomId,
        };
        (await member.PostAsJsonAsync("/api/orders", order, Cancel)).EnsureSuccessStatusCode();
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-" + orderId, amount = shop.Price }, Cancel)).EnsureSuccessStatusCode();

        // Asked every 5 s.
        await Assertions.Expect(hostPage.Locator("#room-sales")).ToHaveTextAsync("1 paid · ¥329.00", new() { Timeout = 10_000 });
        var viewerPage = await OpenRoom(scene.Browser, roomId, shop.Member);
        await Assertions.Expect(viewerPage.Locator("#room-sales")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheHostInTheBrowser_ModeratesAndSells_ForEveryViewer()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Member);
        var (shop, roomId, viewer, viewerView) = (scene.Shop, scene.RoomId, scene.Client, scene.ClientView);
        var posted = await viewer.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "Is it waterproof?", Cancel);
        var page = await Chromium.PhonePageAsync(scene.Browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&as=host").ToString());
        await Assertions.Expect(page.Locator("#host")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // The shelf is listed by product name, and pinning one shows it by name to the host as to every viewer.
        await Assertions.Expect(page.Locator("#pin-sku option")).ToHaveTextAsync(["Hydrating Serum 30ml"], new() { Timeout = 2_000 });
        await page.ClickAsync("#pin-form button");
        await Eventually.True(() => viewerView.Latest?.PinnedSku == shop.Sku, TimeSpan.FromSeconds(2), Cancel);
        await Assertions.Expect(page.Locator("#pinned")).ToHaveTextAsync("📌 Hydrating Serum 30ml · ¥329.00", new() { Timeout = 2_000 });

        await page.FillAsync("#sale-price", "99.5");
        await page.FillAsync("#sale-quantity", "4");
        await page.ClickAsync("#sale-form button");
        await Eventually.True(() => viewerView.Latest?.FlashSales.Any(s => s.Sku == shop.Sku && s.Price == 9_950 && s.Quantity == 4) == true, TimeSpan.FromSeconds(2), Cancel);

        await page.FillAsync("#drop-off", "10");
        await page.FillAsync("#drop-min", "100");
        await page.FillAsync("#drop-quantity", "5");
        await page.ClickAsync("#drop-form button");
        await Eventually.True(() => viewerView.Latest?.CouponDrops.Any(d => d.AmountOff == 1_000 && d.MinSpend == 10_000 && d.Quantity == 5) == true, TimeSpan.FromSeconds(2), Cancel);

        // Slow mode, then a mute: the viewer, who commented a moment ago, is held back by each in turn.
        await page.SelectOptionAsync("#slow-seconds", "60");
        await page.ClickAsync("#slow-form button");
        await Eventually.True(() => viewerView.Latest?.SlowModeSeconds == 60, TimeSpan.FromSeconds(2), Cancel);
        Assert.Contains($"{ErrorCodes.SlowMode}:", (await RefusedComment(viewer, roomId)).Message, StringComparison.Ordinal);
        await page.Locator($"#comments li[data-id='{posted.CommentId}'] button.mute").ClickAsync();
        await Eventually.True(async () => (await RefusedComment(viewer, roomId)).Message.Contains($"{ErrorCodes.Muted}:", StringComparison.Ordinal), TimeSpan.FromSeconds(2), Cancel);

        await page.Locator($"#comments li[data-id='{posted.CommentId}'] button.delete").ClickAsync();
        await Eventually.True(() => viewerView.Latest?.DeletedCommentIds.Contains(posted.CommentId) == true, TimeSpan.FromSeconds(2), Cancel);
        await Assertions.Expect(page.Locator($"#comments li[data-id='{posted.CommentId}']")).ToHaveCountAsync(0);

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#end-form button");
        await Eventually.True(() => viewerView.Latest?.Status == LiveRoomStatus.Ended, TimeSpan.FromSeconds(2), Cancel);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("ended");
        await Assertions.Expect(page.Locator("#end-form")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ARoomOnTheOpsDashboard_OpensInTheLivePage_WithTheModeratorsTools()
    {
        await using var scene = await RoomScene.OpenAsync(_app, Roles.Member);
        var (shop, roomId, viewer, viewerView) = (scene.Shop, scene.RoomId, scene.Client, scene.ClientView);
        var posted = await viewer.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, "c-1", "Spam spam spam", Cancel);
        var page = await Chromium.PhonePageAsync(scene.Browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());

        // The dashboard polls the live rooms every 5 s.
        await page.Locator($"#rooms tr[data-id='{roomId}'] a").ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#me")).ToContainTextAsync("(ops)", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#host")).ToBeVisibleAsync();
        await page.Locator($"#comments li[data-id='{posted.CommentId}'] button.delete").ClickAsync();

        await Eventually.True(() => viewerView.Latest?.DeletedCommentIds.Contains(posted.CommentId) == true, TimeSpan.FromSeconds(2), Cancel);
    }

    [Fact]
    public async Task OutsideDevelopment_ThePageAsksForAToken_AndAgainWhenItIsRefusedOrHasExpired()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, $"/live?room={roomId}").ToString());

        await Chromium.SignInAsync(page, "not-a-token");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("The token was refused; sign in again.", new() { Timeout = 10_000 });
        await Chromium.SignInAsync(page, app.TokenFor(shop.Member, Roles.Member));
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        // The page keeps the token; one that has expired since is not used, and the page asks again.
        await page.EvaluateAsync("token => localStorage.setItem('liveToken', token)", app.TokenFor(shop.Member, Roles.Member, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("The saved token has expired; sign in again.", new() { Timeout = 10_000 });
    }

    private ILiveRoomGrain Room(string roomId) => _app.Services.GetRequiredService<IGrainFactory>().GetGrain<ILiveRoomGrain>(roomId);

    private static Task<HubException> RefusedComment(HubConnection viewer, string roomId) =>
        Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<CommentPosted>(nameof(LiveHub.SendComment), roomId, TestIds.New("c"), "Again?", Cancel));

    /// <summary>A fresh shop's started room, a .NET client watching it (its host guide or a member), and a browser.</summary>
    private sealed record RoomScene(DemoShop Shop, string RoomId, HubConnection Client, RoomWatcher ClientView, IPlaywright Playwright, IBrowser Browser)
        : IAsyncDisposable
    {
        public static async Task<RoomScene> OpenAsync(EdgeApplication app, string clientRole)
        {
            var shop = await DemoShop.CreateAsync(app, Cancel);
            var roomId = await shop.StartLiveRoomAsync(app, Cancel);
            var client = app.Connect(LiveHub.Path, clientRole == Roles.Guide ? shop.DirectGuide : shop.Member, clientRole);
            await client.StartRegisteredAsync(Cancel);
            var view = await RoomWatcher.JoinAsync(client, roomId, Cancel);
            var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            return new RoomScene(shop, roomId, client, view, playwright, await Chromium.LaunchAsync(playwright));
        }

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
            await Client.DisposeAsync();
        }
    }

    private async Task<IPage> OpenRoom(IBrowser browser, string roomId, string memberId, Func<IPage, Task>? beforeLoading = null)
    {
        var page = await Chromium.PhonePageAsync(browser);
        await (beforeLoading?.Invoke(page) ?? Task.CompletedTask);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/live?room={roomId}&member={memberId}").ToString());
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        return page;
    }
}
