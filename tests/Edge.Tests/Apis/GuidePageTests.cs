using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The guide page (<c>/guide</c>) in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class GuidePageTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOrderTheGuideBrought_ShowsInTheirDayWithoutAReload_AndTheirRoomOpensAsItsHost()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Li Fang · Nanjing Road East");
        await Assertions.Expect(page.Locator("#sales")).ToHaveTextAsync("¥0.00");
        await Assertions.Expect(page.Locator("#customer-count")).ToHaveTextAsync("1");
        var room = page.Locator($"#rooms li[data-room='{roomId}'] a");
        await Assertions.Expect(room).ToHaveTextAsync("Serum week");
        await Assertions.Expect(room).ToHaveAttributeAsync("href", $"/live?room={roomId}&as=host");

        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();

        // Well within the 30 s between reads: the push brought it.
        await Assertions.Expect(page.Locator("#sales")).ToHaveTextAsync("¥329.00", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#alerts li")).ToContainTextAsync([$"Your customer paid order {orderId}: 329.00 yuan."]);

        // The last days: today first, with the sale; the days before it without.
        await page.Locator("#days summary").ClickAsync();
        await Assertions.Expect(page.Locator("#days-list tr")).ToHaveCountAsync(9);
        await Assertions.Expect(page.Locator("#days-list tr").First.Locator(".sales")).ToHaveTextAsync("¥329.00");
        await Assertions.Expect(page.Locator("#days-list tr").First.Locator(".orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#days-list tr").Nth(1).Locator(".sales")).ToHaveTextAsync("¥0.00");
    }

    [Fact]
    public async Task AMemberWhoLooksWithoutBuying_AppearsToFollowUp_AndACouponSentFromThePageIsTheirsOnce_ARefusedOneChangingNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(page.Locator("#follow-ups-empty")).ToBeVisibleAsync();

        using var member = _app.ClientAs(shop.Member, Roles.Member);
        for (var view = 0; view < 3; view++)
        {
            (await member.PostAsJsonAsync($"/api/members/{shop.Member}/browse", new { sku = shop.Sku, storeId = shop.DirectStore }, Cancel)).EnsureSuccessStatusCode();
        }

        var followUp = page.Locator($"#follow-ups li[data-key='{shop.Member}/{shop.Sku}']");
        await Assertions.Expect(followUp.Locator(".what")).ToHaveTextAsync("Chen Jing viewed Hydrating Serum 30ml 3 times", new() { Timeout = 5_000 });

        // More than any price: refused by the API, and the follow-up stays.
        await followUp.Locator("input").FillAsync("20000000");
        await followUp.Locator("button", new() { HasText = "Send coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("#follow-up-error")).ToContainTextAsync("validation-failed");
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        Assert.Empty((await member.GetFromJsonAsync<MemberProfile>($"/api/members/{shop.Member}", Cancel))!.Coupons);

        // The first grant reaches the server but its answer is lost on the way back; sending again is that same grant.
        var grants = await Chromium.LoseTheFirstAnswerAsync(page, "**/coupons");
        await followUp.Locator("input").FillAsync("20");
        await followUp.Locator("button", new() { HasText = "Send coupon" }).ClickAsync();
        await Assertions.Expect(page.Locator("#follow-up-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#follow-up-error")).Not.ToContainTextAsync("validation-failed");
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        await followUp.Locator("button", new() { HasText = "Send coupon" }).ClickAsync();

        await Assertions.Expect(page.Locator("#follow-up-note")).ToHaveTextAsync("Sent Chen Jing a ¥20.00 coupon.");
        Assert.Equal(2, grants());
        await Assertions.Expect(followUp).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#follow-up-error")).ToBeEmptyAsync();
        var coupon = Assert.Single((await member.GetFromJsonAsync<MemberProfile>($"/api/members/{shop.Member}", Cancel))!.Coupons);
        Assert.Equal((2_000L, 32_900L), (coupon.AmountOff, coupon.MinSpend)); // usable on the serum the member looked at
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        Assert.Empty((await guide.GetFromJsonAsync<FollowUp[]>($"/api/guides/{shop.DirectGuide}/follow-ups", Cancel))!);
    }

    [Fact]
    public async Task AFollowUpWhoseMemberBuysTheProduct_LeavesThePage_WithoutAReload()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        for (var view = 0; view < 3; view++)
        {
            (await member.PostAsJsonAsync($"/api/members/{shop.Member}/browse", new { sku = shop.Sku, storeId = shop.DirectStore }, Cancel)).EnsureSuccessStatusCode();
        }

        var followUp = page.Locator($"#follow-ups li[data-key='{shop.Member}/{shop.Sku}']");
        await Assertions.Expect(followUp).ToBeVisibleAsync(new() { Timeout = 5_000 });

        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();

        // Well within the 30 s between reads: the order-paid push brought it.
        await Assertions.Expect(followUp).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#follow-ups-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheStoresPaidOrdersAndConfirmedReservations_AreShippedOrHandedOverFromThePage_AnOrdersPickUpOnlyOnTheMembersCode()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var shipped = await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel); // shipped from the store nearest the member: this one
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore, 1), Cancel); // the other store's to hand over
        var reservationId = await ReserveAndConfirmPickUp(member, shop); // through the stock routes: no order, no code
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        var shipRow = page.Locator($"#fulfilment li[data-fulfilment='{shipped.OrderId}']");
        await Assertions.Expect(shipRow.Locator(".what")).ToHaveTextAsync("Ship · 1 × Hydrating Serum 30ml");
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(2);

        // The counter's staff list what is handed over here, the stock room what is shipped.
        await page.SelectOptionAsync("#fulfilment-mode", "ship");
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(1);
        await Assertions.Expect(shipRow).ToBeVisibleAsync();
        await page.SelectOptionAsync("#fulfilment-mode", "pickup");
        await Assertions.Expect(shipRow).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#fulfilment-mode", "");
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(2);

        var reservationRow = page.Locator($"#fulfilment li[data-fulfilment='{shop.Sku}/{reservationId}']");
        await Assertions.Expect(reservationRow.Locator(".what")).ToHaveTextAsync("Pick up · 3 × Hydrating Serum 30ml");
        await Assertions.Expect(reservationRow.Locator("input")).ToHaveCountAsync(0);
        await reservationRow.Locator("button", new() { HasText = "Hand over" }).ClickAsync();
        await Assertions.Expect(reservationRow).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#fulfilment-note")).ToHaveTextAsync($"Handed over reservation {reservationId}.");
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var queue = await ops.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{shop.DirectStore}/fulfilment", Cancel);
        Assert.Equal([shipped.OrderId], queue!.Select(f => f.FulfilmentId));

        // Paid while the page is open: well within the 30 s between reads, the store's alert brought it.
        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore, 2), Cancel);
        var pickupRow = page.Locator($"#fulfilment li[data-fulfilment='{pickup.OrderId}']");
        await Assertions.Expect(pickupRow.Locator(".what")).ToHaveTextAsync("Pick up · 2 × Hydrating Serum 30ml", new() { Timeout = 5_000 });

        // A code that is not the member's hands nothing over.
        await pickupRow.Locator("input").FillAsync($"{pickup.PickupCode}0");
        await pickupRow.Locator("button", new() { HasText = "Hand over" }).ClickAsync();
        await Assertions.Expect(page.Locator("#fulfilment-error")).ToContainTextAsync("pickup-code-mismatch");
        await Assertions.Expect(pickupRow).ToBeVisibleAsync();
        Assert.Equal(OrderStatus.Paid, (await member.GetFromJsonAsync<Order>($"/api/orders/{pickup.OrderId}", Cancel))!.Status);

        await pickupRow.Locator("input").FillAsync(pickup.PickupCode!);
        await pickupRow.Locator("button", new() { HasText = "Hand over" }).ClickAsync();
        await Assertions.Expect(pickupRow).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#fulfilment-note")).ToHaveTextAsync($"Handed over order {pickup.OrderId}.");
        await Assertions.Expect(page.Locator("#fulfilment-error")).ToBeEmptyAsync();

        await shipRow.Locator("button", new() { HasText = "Shipped" }).ClickAsync();
        await Assertions.Expect(shipRow).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#fulfilment-empty")).ToBeVisibleAsync();
        foreach (var orderId in new[] { pickup.OrderId, shipped.OrderId })
        {
            Assert.Equal(OrderStatus.Fulfilled, (await member.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel))!.Status);
        }
    }

    [Fact]
    public async Task ThePickUpCodeAMemberShows_FindsTheirOrderOnThePage_ReadyToHandOver()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var earlier = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
        var theirs = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore, 2), Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(2);

        var unused = DemoShop.PickupCodeOtherThan(earlier, theirs);
        await page.Locator("#pickup-code").FillAsync(unused);
        await page.Locator("#pickup-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#fulfilment-error")).ToContainTextAsync("unknown-pickup-code");

        await page.Locator("#pickup-code").FillAsync(theirs.PickupCode!);
        await page.Locator("#pickup-form button").ClickAsync();
        var row = page.Locator($"#fulfilment li[data-fulfilment='{theirs.OrderId}']");
        await Assertions.Expect(row).ToHaveClassAsync("found");
        await Assertions.Expect(row.Locator("input")).ToHaveValueAsync(theirs.PickupCode!);
        await Assertions.Expect(page.Locator("#fulfilment-error")).ToBeEmptyAsync();
        await row.Locator("button", new() { HasText = "Hand over" }).ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0);
        Assert.Equal(OrderStatus.Fulfilled, (await member.GetFromJsonAsync<Order>($"/api/orders/{theirs.OrderId}", Cancel))!.Status);
        Assert.Equal(OrderStatus.Paid, (await member.GetFromJsonAsync<Order>($"/api/orders/{earlier.OrderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task AStoreWithMoreWaitingThanTheListShows_ListsTheOldest_AndFindsAPickUpBehindThemByItsCode()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using (var ops = _app.ClientAs("ops-1", Roles.Ops))
        {
            (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/stock/{shop.Sku}", new { onHand = 100 }, Cancel)).EnsureSuccessStatusCode();
        }

        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var paid = new List<Order>();
        for (var i = 0; i < 52; i++)
        {
            paid.Add(await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("#fulfilment-more")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fulfilment li").First).ToHaveAttributeAsync("data-fulfilment", paid[0].OrderId);

        var latest = paid[^1];
        await page.Locator("#pickup-code").FillAsync(latest.PickupCode!);
        await page.Locator("#pickup-form button").ClickAsync();
        var row = page.Locator($"#fulfilment li[data-fulfilment='{latest.OrderId}']");
        await Assertions.Expect(row).ToHaveClassAsync("found");
        await row.Locator("button", new() { HasText = "Hand over" }).ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#fulfilment li")).ToHaveCountAsync(50);
        Assert.Equal(OrderStatus.Fulfilled, (await member.GetFromJsonAsync<Order>($"/api/orders/{latest.OrderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task AnOrderToHandOverAtTheStore_ShowsOnItsGuidesPage_AsItIsPaid_ThoughTheMemberIsAnotherGuidesCustomer()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel); // the member is the direct store's guide's customer
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.FranchiseGuide);
        await Assertions.Expect(page.Locator("#fulfilment-empty")).ToBeVisibleAsync();

        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);

        // Well within the 30 s between reads: the store's alert brought it.
        await Assertions.Expect(page.Locator($"#fulfilment li[data-fulfilment='{pickup.OrderId}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#alerts li").First).ToContainTextAsync("1 new order to ship or hand over; 1 waiting.");
    }

    [Fact]
    public async Task AStoreWatchTheClusterCouldNotAnswer_IsAskedAgain_AndTheStoresOrdersToHandOverArePushed()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var pushes = new HubRelay("/hubs/notifications");
        pushes.FailNext("WatchStore", "unavailable: The cluster did not answer in time."); // a silo restarting, say
        var page = await Chromium.PhonePageAsync(browser);
        await pushes.RouteAsync(page);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/guide?guide={shop.FranchiseGuide}").ToString());

        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        Assert.Equal(2, pushes.Invoked("WatchStore"));
        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Assertions.Expect(page.Locator($"#fulfilment li[data-fulfilment='{pickup.OrderId}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task AGuideMovedToAnotherStore_SeesItAtOnce_AndItsOrdersToHandOver_NotTheOldStores()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.FranchiseGuide);
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Wang Min · Xujiahui");

        (await ops.PutAsJsonAsync($"/api/guides/{shop.FranchiseGuide}", new { name = "Wang Min", storeId = shop.DirectStore, teamId = "team-a" }, Cancel))
            .EnsureSuccessStatusCode();

        // Well within the 30 s between reads: the end of its watch of the old store told the page.
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Wang Min · Nanjing Road East", new() { Timeout = 5_000 });
        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
        await Assertions.Expect(page.Locator($"#fulfilment li[data-fulfilment='{pickup.OrderId}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task InDevelopment_ATokenTheServerRefuses_IsReplacedWithAFreshDevelopmentToken_WithoutAsking()
    {
        // A page left open past its development token's 12 h: the Edge that gave the first gives another.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        var (refusals, devTokens) = (1, 0);
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/dev/token", StringComparison.Ordinal)) Interlocked.Increment(ref devTokens); };
        await page.RouteAsync("**/api/guides/*/tasks", route => Interlocked.Exchange(ref refusals, 0) == 1
            ? route.FulfillAsync(new() { Status = 401, ContentType = "application/problem+json", Body = """{"code":"unauthenticated"}""" })
            : route.ContinueAsync());

        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", new
        {
            taskId = "spring-look", kind = "forward-material", title = "Share the spring look", target = 2, coins = 30, dueAt = DateTimeOffset.UtcNow.AddDays(1),
        }, Cancel)).EnsureSuccessStatusCode();

        // The task alert's read is refused once, signed in again and read again.
        await Assertions.Expect(page.Locator("#tasks li[data-task='spring-look']")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
        Assert.Equal((0, 1), (refusals, devTokens));
    }

    [Fact]
    public async Task AProductLinkTheGuideShares_OpensItOnTheStoresPage_AndWhatAMemberBuysThroughItIsTheGuidesSale()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel); // the member is the direct store's guide's customer
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.FranchiseGuide);
        await page.Locator("#share summary").ClickAsync();

        await page.Locator("#share-sku").FillAsync("no-such-sku");
        await page.Locator("#share-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#share-error")).ToContainTextAsync("unknown-sku");
        await Assertions.Expect(page.Locator("#share-link")).ToBeHiddenAsync();

        // A name typed suggests the store's products by it.
        await page.Locator("#share-sku").ClearAsync();
        await page.Locator("#share-sku").PressSequentiallyAsync("Serum");
        await Assertions.Expect(page.Locator($"#share-options option[value='{shop.Sku}']")).ToHaveCountAsync(1);
        await page.Locator("#share-sku").FillAsync(shop.Sku);
        await page.Locator("#share-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#share-note")).ToHaveTextAsync("Hydrating Serum 30ml · ¥329.00");
        var link = await page.Locator("#share-link").GetAttributeAsync("href");
        Assert.Equal($"/store?store={shop.FranchiseStore}&sku={shop.Sku}&guide={shop.FranchiseGuide}", new Uri(link!).PathAndQuery);

        var store = await Chromium.PhonePageAsync(browser);
        await store.GotoAsync($"{link}&member={shop.Member}");
        await Assertions.Expect(store.Locator("#product-name")).ToHaveTextAsync("Hydrating Serum 30ml", new() { Timeout = 10_000 });
        await store.Locator("#buy-form button").ClickAsync();
        var order = store.Locator("#orders li").First;
        await order.Locator("button.pay").ClickAsync();
        await Assertions.Expect(order.Locator(".order-status")).ToHaveTextAsync("Paid");

        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var sharing = await ops.GetFromJsonAsync<GuideView>($"/api/guides/{shop.FranchiseGuide}", Cancel);
        var exclusive = await ops.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel);
        Assert.Equal((32_900L, 0L), (sharing!.Today.SalesAmount, exclusive!.Today.SalesAmount));
    }

    [Fact]
    public async Task ASaleRungUpOnThePage_CountsToTheGuideAndTheMemberOnce_ThoughItsFirstAnswerWasLost_ARefusedOneChangingNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await page.Locator("#ring-up summary").ClickAsync();
        await page.Locator("#sale-amount").FillAsync("128.50");
        var ringUp = page.Locator("#sale-form button");

        await page.Locator("#sale-member").FillAsync(TestIds.New("nobody"));
        await ringUp.ClickAsync();
        await Assertions.Expect(page.Locator("#sale-error")).ToContainTextAsync("unknown-member");
        await Assertions.Expect(page.Locator("#sales")).ToHaveTextAsync("¥0.00");

        // The sale reaches the server but its answer is lost on the way back; ringing it up again is that same sale.
        var sent = await Chromium.LoseTheFirstAnswerAsync(page, "**/sales");
        await page.Locator("#sale-member").FillAsync(shop.Member);
        await ringUp.ClickAsync();
        await Assertions.Expect(page.Locator("#sale-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#sale-error")).Not.ToContainTextAsync("unknown-member");
        await ringUp.ClickAsync();

        await Assertions.Expect(page.Locator("#sale-note")).ToHaveTextAsync("Rang up ¥128.50.");
        await Assertions.Expect(page.Locator("#sales")).ToHaveTextAsync("¥128.50");
        await Assertions.Expect(page.Locator("#orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#sale-error")).ToBeEmptyAsync();
        Assert.Equal(2, sent());
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        await Eventually.True(async () => (await member.GetFromJsonAsync<MemberProfile>($"/api/members/{shop.Member}", Cancel))!.PaidSpend == 12_850,
            cancellationToken: Cancel);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        Assert.Equal(12_850, (await guide.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel))!.Today.SalesAmount);
    }

    [Fact]
    public async Task ATaskGivenWhileThePageIsOpen_Appears_AndForwardsReportedFromItCompleteIt_EachOnce_ForItsCoins()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(page.Locator("#tasks-empty")).ToBeVisibleAsync();

        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", new
        {
            taskId = "spring-look",
            kind = "forward-material",
            title = "Share the spring look",
            target = 2,
            coins = 30,
            dueAt = DateTimeOffset.UtcNow.AddDays(1),
        }, Cancel)).EnsureSuccessStatusCode();

        var task = page.Locator("#tasks li[data-task='spring-look']");
        await Assertions.Expect(task.Locator(".progress")).ToHaveTextAsync("0 / 2", new() { Timeout = 5_000 });
        var forward = task.Locator("button", new() { HasText = "Forward" });

        // The first forward's answer never reaches the page: clicking again reports that same forward, not a second.
        var reports = await Chromium.LoseTheFirstAnswerAsync(page, "**/forwards");
        await forward.ClickAsync();
        await Assertions.Expect(page.Locator("#task-error")).Not.ToBeEmptyAsync();
        await page.RunAndWaitForResponseAsync(() => forward.ClickAsync(), "**/forwards");
        Assert.Equal(1, (await ops.GetFromJsonAsync<GuideTask>($"/api/guides/{shop.DirectGuide}/tasks/spring-look", Cancel))!.Progress);
        await Assertions.Expect(task.Locator(".progress")).ToHaveTextAsync("1 / 2");
        await Assertions.Expect(page.Locator("#task-error")).ToBeEmptyAsync();
        Assert.Equal(2, reports());
        await forward.ClickAsync();

        await Assertions.Expect(task.Locator(".progress")).ToHaveTextAsync("2 / 2");
        await Assertions.Expect(task.Locator(".task-status")).ToHaveTextAsync("30 coins · done");
        await Assertions.Expect(forward).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#coins")).ToHaveTextAsync("30");
    }

    [Fact]
    public async Task AnOperatorGivesTheGuideATaskFromTheirPage_ARefusedOneSayingWhyAndGivingNothing_AndTheGuideSeesNoSuchForm()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/guide?guide={shop.DirectGuide}&as=ops").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await page.Locator("#give-task summary").ClickAsync();
        await page.SelectOptionAsync("#task-kind", "go-live");
        await page.Locator("#task-title").FillAsync("Go live twice this week");
        await page.Locator("#task-coins").FillAsync("50");
        var give = page.Locator("#task-form button");

        await page.Locator("#task-target").FillAsync("5000");
        await give.ClickAsync();
        await Assertions.Expect(page.Locator("#task-form-error")).ToContainTextAsync("validation-failed: ");
        await Assertions.Expect(page.Locator("#task-form-error")).ToContainTextAsync("target must be between 1 and 1,000.");
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        Assert.Empty((await guide.GetFromJsonAsync<GuideTask[]>($"/api/guides/{shop.DirectGuide}/tasks", Cancel))!);

        await page.Locator("#task-target").FillAsync("2");
        await give.ClickAsync();

        await Assertions.Expect(page.Locator("#tasks li")).ToHaveCountAsync(1);
        var task = Assert.Single((await guide.GetFromJsonAsync<GuideTask[]>($"/api/guides/{shop.DirectGuide}/tasks", Cancel))!);
        Assert.Equal((GuideTaskKind.GoLive, "Go live twice this week", 2, 50L), (task.Kind, task.Title, task.Target, task.Coins));
        Assert.InRange(task.DueAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7));
        await Assertions.Expect(page.Locator($"#tasks li[data-task='{task.TaskId}'] .progress")).ToHaveTextAsync("0 / 2");
        await Assertions.Expect(page.Locator("#task-form-error")).ToBeEmptyAsync();

        var asGuide = await OpenGuidePage(browser, shop.DirectGuide);
        await Assertions.Expect(asGuide.Locator($"#tasks li[data-task='{task.TaskId}']")).ToBeVisibleAsync();
        await Assertions.Expect(asGuide.Locator("#give-task")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheGuidesCustomers_AreListedLatestFirst_APageAtATime()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var members = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            var memberId = TestIds.New("m");
            using var member = _app.ClientAs(memberId, Roles.Member);
            (await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = $"Customer {i:D2}", tags = new[] { "skin:dry" } }, Cancel)).EnsureSuccessStatusCode();
            (await member.PostAsJsonAsync($"/api/members/{memberId}/guide", new { guideId = shop.DirectGuide }, Cancel)).EnsureSuccessStatusCode();
            members.Add(memberId);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenGuidePage(browser, shop.DirectGuide);
        var customers = page.Locator("#customers li");
        await Assertions.Expect(customers).ToHaveCountAsync(20);
        await Assertions.Expect(customers.First.Locator(".name")).ToHaveTextAsync("Customer 20");
        await Assertions.Expect(customers.First.Locator(".tags")).ToHaveTextAsync("skin:dry");

        await page.Locator("#more-customers").ClickAsync();

        await Assertions.Expect(customers).ToHaveCountAsync(22);
        var listed = await customers.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.member)");
        Assert.Equal([.. Enumerable.Reverse(members), shop.Member], listed);
        await Assertions.Expect(page.Locator("#more-customers")).ToBeHiddenAsync();

        // The last of a first page moves to another guide before More is pressed: the list starts again without them.
        await page.ReloadAsync();
        await Assertions.Expect(customers).ToHaveCountAsync(20, new() { Timeout = 10_000 });
        var moved = members[1]; // the first page's last: the 20th latest of 22
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        await Eventually.True(async () =>
            (await ops.PostAsJsonAsync($"/api/members/{moved}/guide", new { guideId = shop.FranchiseGuide }, Cancel)).IsSuccessStatusCode,
            cancellationToken: Cancel);
        await page.Locator("#more-customers").ClickAsync();

        await Assertions.Expect(customers).ToHaveCountAsync(20);
        Assert.DoesNotContain(moved, await customers.EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.member)"));
        await page.Locator("#more-customers").ClickAsync();
        await Assertions.Expect(customers).ToHaveCountAsync(21);
    }

    [Fact]
    public async Task OutsideDevelopment_ThePageAsksForAToken_AGuidesShowsThemLive_AndAnOperatorsTheGuideNamed_WithTheGuidesPushes()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        var roomId = await shop.StartLiveRoomAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var asGuide = await Chromium.PhonePageAsync(browser);
        await asGuide.GotoAsync(new Uri(app.BaseAddress, "/guide").ToString());

        await Chromium.SignInAsync(asGuide, "not-a-token");
        await Assertions.Expect(asGuide.Locator("#signin-error")).ToHaveTextAsync("The server refused the token; sign in again.", new() { Timeout = 10_000 });
        await Chromium.SignInAsync(asGuide, app.TokenFor(shop.DirectGuide, Roles.Guide));
        await Assertions.Expect(asGuide.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(asGuide.Locator("#title")).ToHaveTextAsync("Li Fang · Nanjing Road East");

        // An operator watches the guide's pushes, and opens the rooms as ops.
        var asOps = await Chromium.PhonePageAsync(browser);
        await asOps.GotoAsync(new Uri(app.BaseAddress, $"/guide?guide={shop.FranchiseGuide}").ToString());
        await Chromium.SignInAsync(asOps, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(asOps.Locator("#title")).ToHaveTextAsync("Wang Min · Xujiahui", new() { Timeout = 10_000 });
        await Assertions.Expect(asOps.Locator("#connection")).ToHaveTextAsync("live");
        var asOpsOfTheHost = await Chromium.PhonePageAsync(browser);
        await asOpsOfTheHost.GotoAsync(new Uri(app.BaseAddress, $"/guide?guide={shop.DirectGuide}").ToString());
        await Chromium.SignInAsync(asOpsOfTheHost, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(asOpsOfTheHost.Locator($"#rooms li[data-room='{roomId}'] a")).ToHaveAttributeAsync("href", $"/live?room={roomId}&as=ops", new() { Timeout = 10_000 });
        await Assertions.Expect(asOpsOfTheHost.Locator("#connection")).ToHaveTextAsync("live");

        // Well within the 30 s between reads: the guide's order-paid alert reached the operator's page too.
        using var member = app.ClientAs(shop.Member, Roles.Member);
        var paid = await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        await Assertions.Expect(asOpsOfTheHost.Locator("#sales")).ToHaveTextAsync("¥329.00", new() { Timeout = 5_000 });
        await Assertions.Expect(asOpsOfTheHost.Locator("#alerts li")).ToContainTextAsync([$"Your customer paid order {paid.OrderId}: 329.00 yuan."]);
        await Assertions.Expect(asOps.Locator("#alerts li")).ToHaveCountAsync(0); // another guide's
    }

    [Fact]
    public async Task APushConnectionClosedAsItsTokenLapses_AsksForAnother_AndThePushesComeBack()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, "/guide").ToString());

        await Chromium.SignInAsync(page, app.TokenFor(shop.DirectGuide, Roles.Guide, DateTimeOffset.UtcNow.AddSeconds(5)));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 5_000 });

        // The hub closes the connection as the token lapses; reconnecting asks for another first.
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("The token has expired; sign in again.", new() { Timeout = 15_000 });
        await Chromium.SignInAsync(page, app.TokenFor(shop.DirectGuide, Roles.Guide));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        using var member = app.ClientAs(shop.Member, Roles.Member);
        await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        await Assertions.Expect(page.Locator("#sales")).ToHaveTextAsync("¥329.00", new() { Timeout = 5_000 }); // pushed, not the 30 s read
    }

    private static async Task<string> ReserveAndConfirmPickUp(HttpClient member, DemoShop shop)
    {
        var reservationId = TestIds.New("r");
        var stock = $"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations";
        var reservation = new { reservationId, quantity = 3, latitude = 31.2352, longitude = 121.4800, mode = "pickup", pickupStoreId = shop.DirectStore };
        (await member.PostAsJsonAsync(stock, reservation, Cancel)).EnsureSuccessStatusCode();
        (await member.PostAsync($"{stock}/{reservationId}/confirm", null, Cancel)).EnsureSuccessStatusCode();
        return reservationId;
    }

    private async Task<IPage> OpenGuidePage(IBrowser browser, string guideId)
    {
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/guide?guide={guideId}").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        return page;
    }
}
