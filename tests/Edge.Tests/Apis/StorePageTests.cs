using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The store page (<c>/store</c>) in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class StorePageTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStoresPage_ShowsWhatItSellsAtItsOwnPrice_WithTheRegionsStock_AndSearches()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var cleanser = await StockedSkuAsync(shop, "Gentle Cleanser 100ml", 8_800, onHand: 7);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/catalog/{shop.Sku}", new { price = 29_900, promotion = "Gift box" }, Cancel)).EnsureSuccessStatusCode();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);

        var page = await OpenStorePage(browser, shop, alsoStocked: (cleanser, 7));

        var serum = page.Locator($"#items li[data-sku='{shop.Sku}']");
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Nanjing Road East");
        await Assertions.Expect(page.Locator("#me")).ToHaveTextAsync("Chen Jing");
        await Assertions.Expect(serum.Locator(".open")).ToHaveTextAsync("Hydrating Serum 30ml");
        await Assertions.Expect(serum.Locator(".price")).ToHaveTextAsync("¥299.00 ¥329.00");
        await Assertions.Expect(serum.Locator(".promotion")).ToHaveTextAsync("Gift box");
        await Assertions.Expect(serum.Locator(".available")).ToHaveTextAsync("40 available"); // both stores' 20
        await Assertions.Expect(page.Locator($"#items li[data-sku='{cleanser}'] .available")).ToHaveTextAsync("7 available");

        await page.Locator("#q").FillAsync("CLEANSER");
        await page.Locator("#search button").ClickAsync();

        await Assertions.Expect(page.Locator("#items li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#items li .open")).ToHaveTextAsync("Gentle Cleanser 100ml");
        await Assertions.Expect(page.Locator("#more-items")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AnOpenProductsAvailableQuantity_FallsAsOthersBuyIt_WithoutAReload()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStorePage(browser, shop);
        await page.Locator($"#items li[data-sku='{shop.Sku}'] .open").ClickAsync();
        await Assertions.Expect(page.Locator("#product-available")).ToHaveTextAsync("40 available in the region");
        await Assertions.Expect(page.Locator("#product-available[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // Another buyer takes 6 (the page reads the product only when it is opened): pushed, it shows within seconds.
        using var otherBuyer = _app.ClientAs(TestIds.New("m"), Roles.Member);
        (await otherBuyer.PostAsJsonAsync($"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations",
            new { reservationId = TestIds.New("r"), quantity = 6, latitude = 31.2352, longitude = 121.4800, mode = "ship" }, Cancel)).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("#product-available")).ToHaveTextAsync("34 available in the region", new() { Timeout = 4_000 });
    }

    [Fact]
    public async Task AMembersHubConnections_OpenAsThePageNeedsThem_StockWithTheFirstProduct_PushesWithTheFirstOrder()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var hubs = new ConcurrentQueue<string>();
        var page = await OpenStorePage(browser, shop, beforeLoading: loading =>
        {
            loading.WebSocket += (_, socket) => hubs.Enqueue(new Uri(socket.Url).AbsolutePath);
            return Task.CompletedTask;
        });

        // The page has read the member's orders (none): connections opened with the page would be up by now.
        await Assertions.Expect(page.Locator("#orders-empty")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        Assert.Empty(hubs);

        var open = page.Locator($"#items li[data-sku='{shop.Sku}'] .open");
        await open.ClickAsync();
        await Assertions.Expect(page.Locator("#product-available[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await open.ClickAsync(); // again: the same connection watches
        await Assertions.Expect(page.Locator("#product-available[data-live='on']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.Equal(["/hubs/scoreboard"], hubs);

        await page.Locator("#buy-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#orders li .order-status")).ToHaveTextAsync("Reserved");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 10_000 });
        Assert.Equal(["/hubs/scoreboard", "/hubs/notifications"], hubs);
    }

    [Fact]
    public async Task AProductOpenedThreeTimes_AsksTheGuideToFollowUp_AndTheCouponTheySendBuysItFromThePage_AgainAfterACancelledOrder()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStorePage(browser, shop);
        var open = page.Locator($"#items li[data-sku='{shop.Sku}'] .open");
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var followUps = $"/api/guides/{shop.DirectGuide}/follow-ups";

        for (var view = 0; view < 3; view++)
        {
            await open.ClickAsync();
            await Assertions.Expect(page.Locator("#product-name")).ToHaveTextAsync("Hydrating Serum 30ml");
        }

        await Eventually.True(async () => (await guide.GetFromJsonAsync<FollowUp[]>(followUps, Cancel))! is [{ Views: 3 }], cancellationToken: Cancel);
        (await guide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", new
        {
            couponId = "follow-up-1", amountOff = 2_000, minSpend = 32_900, expiresAt = DateTimeOffset.UtcNow.AddDays(7),
        }, Cancel)).EnsureSuccessStatusCode();

        await open.ClickAsync();
        await Assertions.Expect(page.Locator("#coupon option[value='follow-up-1']")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#coupon", "follow-up-1");
        await page.Locator("#buy-form button").ClickAsync();

        // Bought, then cancelled before paying: its unit goes back to the region and the coupon to the member.
        var cancelled = page.Locator("#orders li").First;
        await Assertions.Expect(cancelled).ToContainTextAsync("Hydrating Serum 30ml ×1 · ¥309.00"); // ¥329.00 less ¥20.00
        await cancelled.Locator("button.cancel").ClickAsync();
        await Assertions.Expect(cancelled.Locator(".order-status")).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(cancelled.Locator("button")).ToHaveCountAsync(0);
        var stock = await guide.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel);
        Assert.Equal((40L, 0L), (stock!.Available, stock.Reserved));
        await page.SelectOptionAsync("#coupon", "follow-up-1");
        await page.Locator("#buy-form button").ClickAsync();

        var order = page.Locator("#orders li").First;
        await Assertions.Expect(page.Locator("#orders li")).ToHaveCountAsync(2);
        await Assertions.Expect(order).ToContainTextAsync("Hydrating Serum 30ml ×1 · ¥309.00");
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"from {shop.DirectStore} (0.0 km)");
        await order.Locator("button.pay").ClickAsync();
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.Locator("#coupon option[value='follow-up-1']")).ToHaveCountAsync(0);

        // Bought: nothing left to follow up on.
        await Eventually.True(async () => (await guide.GetFromJsonAsync<FollowUp[]>(followUps, Cancel))!.Length == 0, cancellationToken: Cancel);
    }

    [Fact]
    public async Task TheWholeFollowUp_AcrossTwoPages_AMembersThreeViews_TheirGuidesCoupon_AndTheSaleInTheGuidesDay()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var store = await OpenStorePage(browser, shop);
        var guide = await Chromium.PhonePageAsync(browser);
        await guide.GotoAsync(new Uri(_app.BaseAddress, $"/guide?guide={shop.DirectGuide}").ToString());
        await Assertions.Expect(guide.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        // The member looks at the serum three times in the store page; the guide's page is told while it is open.
        var open = store.Locator($"#items li[data-sku='{shop.Sku}'] .open");
        for (var view = 0; view < 3; view++)
        {
            await store.RunAndWaitForResponseAsync(() => open.ClickAsync(), "**/browse");
        }

        var followUp = guide.Locator($"#follow-ups li[data-key='{shop.Member}/{shop.Sku}']");
        await Assertions.Expect(followUp.Locator(".what")).ToHaveTextAsync("Chen Jing viewed Hydrating Serum 30ml 3 times", new() { Timeout = 5_000 });
        await followUp.Locator("input").FillAsync("30");
        await followUp.Locator("button", new() { HasText = "Send coupon" }).ClickAsync();
        await Assertions.Expect(followUp).ToHaveCountAsync(0);

        // The member's page offers the coupon; the serum bought with it and paid shows in the guide's day at once.
        await store.RunAndWaitForResponseAsync(() => open.ClickAsync(), "**/browse");
        var coupon = store.Locator("#coupon option").Nth(1);
        await Assertions.Expect(coupon).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^¥30.00 off orders from ¥329.00"));
        await store.SelectOptionAsync("#coupon", (await coupon.GetAttributeAsync("value"))!);
        await store.Locator("#buy-form button").ClickAsync();
        var order = store.Locator("#orders li").First;
        await Assertions.Expect(order).ToContainTextAsync("Hydrating Serum 30ml ×1 · ¥299.00");
        await order.Locator("button.pay").ClickAsync();
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");

        await Assertions.Expect(guide.Locator("#sales")).ToHaveTextAsync("¥299.00", new() { Timeout = 5_000 });
        await Assertions.Expect(guide.Locator("#orders")).ToHaveTextAsync("1");
        await Assertions.Expect(guide.Locator("#follow-ups-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ABuyTheRegionCannotServe_ShowsWhy_AndABuyWhoseAnswerWasLostOrUnsure_BoughtAgain_IsOneOrder_AndNoView()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStorePage(browser, shop);
        var views = 0;
        page.Request += (_, request) => views += request.Url.EndsWith("/browse", StringComparison.Ordinal) ? 1 : 0;
        await page.Locator($"#items li[data-sku='{shop.Sku}'] .open").ClickAsync();
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orders = $"/api/members/{shop.Member}/orders";

        await page.Locator("#quantity").FillAsync("41");
        await page.Locator("#buy-form button").ClickAsync();

        await Assertions.Expect(page.Locator("#product-error")).ToContainTextAsync("insufficient-stock");
        Assert.Empty((await member.GetFromJsonAsync<MemberOrderPage>(orders, Cancel))!.Orders);

        // The order is placed, but its answer never reaches the page; buying the same again is that order.
        var placements = await Chromium.LoseTheFirstAnswerAsync(page, "**/api/orders");
        await page.Locator("#quantity").FillAsync("2");
        await page.Locator("#buy-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#product-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#product-error")).Not.ToContainTextAsync("insufficient-stock");
        await page.Locator("#buy-form button").ClickAsync();

        await Assertions.Expect(page.Locator("#orders li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#product-error")).ToBeEmptyAsync();
        Assert.Equal(2, placements());
        var placed = Assert.Single((await member.GetFromJsonAsync<MemberOrderPage>(orders, Cancel))!.Orders);
        Assert.Equal((2, OrderStatus.Reserved), (placed.Lines.Single().Quantity, placed.Status));

        // Answered "unavailable" (the server cannot say whether it placed it): buying again is that same order too.
        await page.UnrouteAllAsync();
        var unsure = await Chromium.LoseTheFirstAnswerAsync(page, "**/api/orders", insteadStatus: 503);
        await page.Locator("#quantity").FillAsync("3");
        await page.Locator("#buy-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#product-error")).ToContainTextAsync("unavailable: ");
        await page.Locator("#buy-form button").ClickAsync();

        await Assertions.Expect(page.Locator("#orders li")).ToHaveCountAsync(2);
        Assert.Equal(2, unsure());
        Assert.Equal([3, 2], (await member.GetFromJsonAsync<MemberOrderPage>(orders, Cancel))!.Orders.Select(o => o.Lines.Single().Quantity));

        // The product was opened once: buying it is no view (three would ask the guide to follow up on an unpaid order).
        Assert.Equal(1, views);
    }

    [Fact]
    public async Task AMemberSharingWhereTheyAre_IsShippedFromTheStoreNearestThem_NotTheStoreWhosePageTheyBuyOn()
    {
        // At home in Xujiahui, on Nanjing Road's page: the franchise store in Xujiahui ships. Without a shared position
        // (the other tests) Nanjing Road does.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStorePage(browser, shop, atHome: new Geolocation { Latitude = 31.1960f, Longitude = 121.4370f });
        await page.Locator($"#items li[data-sku='{shop.Sku}'] .open").ClickAsync();

        await page.Locator("#buy-form button").ClickAsync();

        var order = page.Locator("#orders li").First;
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"from {shop.FranchiseStore} (0.1 km)");
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var placed = Assert.Single((await member.GetFromJsonAsync<MemberOrderPage>($"/api/members/{shop.Member}/orders", Cancel))!.Orders);
        Assert.Equal((shop.DirectStore, shop.FranchiseStore), (placed.StoreId, placed.Lines.Single().Allocations.Single().StoreId));
    }

    [Fact]
    public async Task AProductPickedUpInTheStore_ShowsItsPickUpCodeToCollectOncePaid_ByWhichTheGuidesPageFindsAndHandsItOver_AndTheMemberSeesIt()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStorePage(browser, shop);
        await page.Locator($"#items li[data-sku='{shop.Sku}'] .open").ClickAsync();

        await page.SelectOptionAsync("#mode", "pickup");
        await page.Locator("#buy-form button").ClickAsync();
        var order = page.Locator("#orders li").First;
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"pick up at {shop.DirectStore} (0.0 km)");
        await order.Locator("button.pay").ClickAsync();

        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var paid = await member.GetFromJsonAsync<Order>($"/api/orders/{await order.GetAttributeAsync("data-order")}", Cancel);
        Assert.Equal((FulfilmentMode.Pickup, shop.DirectStore), (paid!.Mode, paid.PickupStoreId));
        await Assertions.Expect(order.Locator(".order-stores")).ToHaveTextAsync($"pick up at {shop.DirectStore} (0.0 km) · code {paid.PickupCode}");
        var toCollect = page.Locator($"#to-collect li[data-order='{paid.OrderId}']");
        await Assertions.Expect(toCollect.Locator(".code")).ToHaveTextAsync(paid.PickupCode!);

        // At the counter: the store's guide finds the order by the code the member shows, and the member's page follows.
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 10_000 });
        var guide = await Chromium.PhonePageAsync(browser);
        await guide.GotoAsync(new Uri(_app.BaseAddress, $"/guide?guide={shop.DirectGuide}").ToString());
        await guide.Locator("#pickup-code").FillAsync(paid.PickupCode!);
        await guide.Locator("#pickup-form button").ClickAsync();
        var toHandOver = guide.Locator($"#fulfilment li[data-fulfilment='{paid.OrderId}']");
        await Assertions.Expect(toHandOver).ToHaveClassAsync("found");
        await toHandOver.Locator("button", new() { HasText = "Hand over" }).ClickAsync();

        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Fulfilled", new() { Timeout = 5_000 });
        await Assertions.Expect(toHandOver).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#to-collect-panel")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task PickUpsHerePaidElsewhere_WhileThePushesCannotConnectAtFirst_OrAreLost_AreToCollectOnceTheyAreUp()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var pushes = new HubRelay("/hubs/notifications");
        pushes.Refuse();
        var page = await OpenStorePage(browser, shop, beforeLoading: pushes.RouteAsync);
        await page.Locator($"#items li[data-sku='{shop.Sku}'] .open").ClickAsync();
        await page.Locator("#buy-form button").ClickAsync(); // an order shown: the pushes try to open, and keep trying
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "offline", new() { Timeout = 10_000 });
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        // Each placed and paid on another page (the live room's) while this one hears nothing: not among the orders this
        // page lists, so only its reading again once the pushes are up can bring it.
        async Task PaidWhileCutOff_IsToCollectOnceAdmitted(int toCollectBefore)
        {
            var pickUp = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel); // its push, to nobody, is long gone
            await Assertions.Expect(page.Locator("#to-collect li")).ToHaveCountAsync(toCollectBefore);

            pushes.Admit();
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "on", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator($"#to-collect li[data-order='{pickUp.OrderId}'] .code")).ToHaveTextAsync(pickUp.PickupCode!, new() { Timeout = 5_000 });
        }

        await PaidWhileCutOff_IsToCollectOnceAdmitted(toCollectBefore: 0);

        await pushes.DropAndRefuseAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-order-updates", "reconnecting");
        await PaidWhileCutOff_IsToCollectOnceAdmitted(toCollectBefore: 1);
    }

    [Fact]
    public async Task OutsideDevelopment_ThePageAsksForTheMembersToken_AndAgainWhenItIsRefused()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, $"/store?store={shop.DirectStore}").ToString());

        await Chromium.SignInAsync(page, "not-a-token");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("The server refused the token; sign in again.", new() { Timeout = 10_000 });
        await Chromium.SignInAsync(page, app.TokenFor(shop.Member, Roles.Member));

        await Assertions.Expect(page.Locator("#me")).ToHaveTextAsync("Chen Jing", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Nanjing Road East");
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }

    private async Task<string> StockedSkuAsync(DemoShop shop, string name, long listPrice, int onHand)
    {
        var sku = TestIds.New("sku");
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await ops.PutAsJsonAsync($"/api/skus/{sku}", new { name, listPrice }, Cancel)).EnsureSuccessStatusCode();
        (await ops.PutAsJsonAsync($"/api/stores/{shop.FranchiseStore}/stock/{sku}", new { onHand }, Cancel)).EnsureSuccessStatusCode();
        return sku;
    }

    /// <summary>
    /// The page as it is once the store page's read model (trailing the pools by about a second) has every stocked
    /// SKU, since the page shows what it reads when it opens.
    /// </summary>
    [Fact]
    public async Task APickUpPaidBeforeMoreOrdersThanAPageHolds_IsStillToCollect()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var pickUp = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
        for (var i = 0; i < 25; i++)
        {
            await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel); // shipped, paid since
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/store?member={shop.Member}&store={shop.DirectStore}").ToString());

        await Assertions.Expect(page.Locator($"#to-collect li[data-order='{pickUp.OrderId}'] .code")).ToHaveTextAsync(pickUp.PickupCode!, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#to-collect li")).ToHaveCountAsync(1);
    }

    private async Task<IPage> OpenStorePage(IBrowser browser, DemoShop shop, Geolocation? atHome = null, Func<IPage, Task>? beforeLoading = null, params (string Sku, int Available)[] alsoStocked)
    {
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        foreach (var (sku, available) in alsoStocked.Prepend((shop.Sku, 40)))
        {
            await Eventually.True(
                async () => (await member.GetFromJsonAsync<StorePageItem>($"/api/stores/{shop.DirectStore}/page/{sku}", Cancel))!.Available == available,
                cancellationToken: Cancel);
        }

        var page = await Chromium.PhonePageAsync(browser, atHome);
        await (beforeLoading?.Invoke(page) ?? Task.CompletedTask);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/store?member={shop.Member}&store={shop.DirectStore}").ToString());
        await Assertions.Expect(page.Locator("#items li").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        return page;
    }
}
