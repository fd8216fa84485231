using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The dashboard in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class OpsDashboardTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrderPaidThroughTheApi_ShowsOnTheDashboard_WithinTwoSeconds()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/ops?board=guide-sales&scope=region:{shop.RegionId}").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#board-empty")).ToBeVisibleAsync();

        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();

        var entry = page.Locator($"#entries li[data-id='{shop.DirectGuide}']");
        await Assertions.Expect(entry).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Assertions.Expect(entry.Locator(".name")).ToHaveTextAsync("Li Fang");
        await Assertions.Expect(entry.Locator(".score")).ToContainTextAsync("329.00");
        await Assertions.Expect(entry.Locator(".name a")).ToHaveAttributeAsync("href", $"/guide?guide={shop.DirectGuide}&as=ops");
    }

    [Fact]
    public async Task ARegionWithMoreStoresWaitingThanTheListShows_ShowsTheLongestWaiting_AndSaysHowManyMore()
    {
        // 51 stores with an order waiting: the shop's franchise store first, then 50 more of the region's, in order.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var stores = Enumerable.Range(0, 50).Select(_ => TestIds.New("st")).ToArray();
        await Task.WhenAll(stores.Select(async (storeId, i) =>
        {
            (await ops.PutAsJsonAsync($"/api/stores/{storeId}", new
            {
                name = $"Store {i}", regionId = shop.RegionId, latitude = 31.2 + i / 1000.0, longitude = 121.4,
                ownerAccountId = "brand", ownership = "direct", canShip = true, canPickup = true,
            }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync($"/api/stores/{storeId}/stock/{shop.Sku}", new { onHand = 1 }, Cancel)).EnsureSuccessStatusCode();
        }));
        foreach (var storeId in stores.Prepend(shop.FranchiseStore))
        {
            await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), storeId), Cancel);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/ops?region={shop.RegionId}").ToString());

        await Assertions.Expect(page.Locator("#waiting-more")).ToHaveTextAsync("…and 1 more store with orders waiting.", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#waiting tr[data-id]")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator($"#waiting tr[data-id='{shop.FranchiseStore}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#waiting tr[data-id='{stores[^1]}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OrdersWaitingAtARegionsStores_ShowByStore_TheRegionPickedFromAList()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        await page.GotoAsync(new Uri(_app.BaseAddress, $"/ops?region={shop.RegionId}").ToString());

        var store = page.Locator($"#waiting tr[data-id='{shop.FranchiseStore}']");
        await Assertions.Expect(store).ToContainTextAsync("Xujiahui", new() { Timeout = 10_000 });
        await Assertions.Expect(store.Locator(".to-hand-over")).ToHaveTextAsync("1");
        await Assertions.Expect(store.Locator(".to-ship")).ToHaveTextAsync("0");
        await Assertions.Expect(store.Locator(".oldest")).ToHaveTextAsync("just now");
        await Assertions.Expect(page.Locator($"#waiting tr[data-id='{shop.DirectStore}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#region")).ToHaveValueAsync(shop.RegionId);

        // The store opened: its oldest waiting orders beneath it; closed again.
        await store.Locator("button.store").ClickAsync();
        var oldest = page.Locator($"#waiting tr.queue[data-store='{shop.FranchiseStore}'] li[data-id='{pickup.OrderId}']");
        await Assertions.Expect(oldest).ToHaveTextAsync($"{pickup.OrderId} · pick-up · 1× {shop.Sku} · just now");
        await store.Locator("button.store").ClickAsync();
        await Assertions.Expect(page.Locator("#waiting tr.queue")).ToHaveCountAsync(0);

        // Another region from the list, with nothing waiting; then back, and a second order there shows within a poll.
        var quiet = TestIds.New("region");
        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        (await ops.PutAsJsonAsync($"/api/regions/{quiet}", new { name = "Suzhou" }, Cancel)).EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator($"#region option[value='{quiet}']")).ToHaveTextAsync("Suzhou", new() { Timeout = 10_000 });
        await page.SelectOptionAsync("#region", quiet);
        await Assertions.Expect(page.Locator("#waiting tr")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#waiting-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#waiting-more")).ToBeHiddenAsync();

        await page.SelectOptionAsync("#region", shop.RegionId);
        await Assertions.Expect(store.Locator(".to-hand-over")).ToHaveTextAsync("1");
        await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        await Assertions.Expect(page.Locator($"#waiting tr[data-id='{shop.DirectStore}'] .to-ship")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#waiting-empty")).ToBeHiddenAsync();

        // A region nobody defined, named in the address, is said to be none rather than one where nothing waits.
        var nowhere = TestIds.New("region");
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/ops?region={nowhere}").ToString());
        await Assertions.Expect(page.Locator("#waiting-empty")).ToHaveTextAsync($"There is no region '{nowhere}'.", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#waiting-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#region option[value='{nowhere}']")).ToHaveTextAsync($"{nowhere} (no such region)");
    }

    [Fact]
    public async Task AFranchiseesMonth_ShowsWhatTheBrandOwesThemDayByDay_ARefusalSayingWhy()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        var paid = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        var owed = paid.Settlement.Single(s => s.AccountId == shop.Dealer).Amount;
        var today = (await ops.GetFromJsonAsync<AccountStatement>($"/api/accounts/{shop.Dealer}/settlement", Cancel))!.From; // the local day
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        // The month it opens on is the brand's (the board's day), not the browser's UTC one.
        await Assertions.Expect(page.Locator("#settlement-month")).ToHaveValueAsync(today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#settlement-account", shop.Dealer);
        await page.ClickAsync("#settlement-form button");

        var yuan = "¥" + (owed / 100m).ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
        var day = page.Locator($"#settlement-days tr[data-date='{today:yyyy-MM-dd}']");
        await Assertions.Expect(day.Locator(".amount")).ToHaveTextAsync(yuan);
        await Assertions.Expect(day.Locator(".orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#settlement-days tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync(yuan);

        // The franchisee's own page is a click away, and shows the same month.
        await page.ClickAsync("#franchisee-page");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(_app.BaseAddress, $"/franchisee?account={shop.Dealer}").ToString());
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync(yuan, new() { Timeout = 10_000 });
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        await page.FillAsync("#settlement-account", "not an id!");
        await page.ClickAsync("#settlement-form button");
        await Assertions.Expect(page.Locator("#settlement-error")).ToContainTextAsync("validation-failed");
    }

    [Fact]
    public async Task TheScopeSelector_OffersTheTeamsWithScores_AndShowsTheChosenTeamsBoard()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        // Five units, so this guide is in the team's top 50 whatever other tests sold in the shared team.
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId, quantity: 5), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops?board=guide-sales").ToString());
        var team = page.Locator("#scope option[value='team:team-a']");
        await Assertions.Expect(team).ToHaveTextAsync("team-a (team)", new() { Timeout = 10_000 });
        await page.SelectOptionAsync("#scope", "team:team-a");

        await Assertions.Expect(page.Locator($"#entries li[data-id='{shop.DirectGuide}'] .name")).ToHaveTextAsync("Li Fang");

        // Stores have no team: another board keeps a scope only when it has it.
        await page.SelectOptionAsync("#board", "store-sales");
        await Assertions.Expect(page.Locator("#scope")).ToHaveValueAsync("all");
        await Assertions.Expect(page.Locator($"#entries li[data-id='{shop.DirectStore}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WithoutAPkInTheAddress_TheDashboardShowsAnOpenPk_AndOffersEveryOpenOne()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await CreateGuidesPkAsync(shop, "Browser PK", "sales", 50_000, DateTimeOffset.UtcNow.AddDays(3));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());

        await Assertions.Expect(page.Locator("#pk .bar").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator($"#pk-open option[value='{pkId}']")).ToHaveTextAsync("Browser PK");
        await page.SelectOptionAsync("#pk-open", pkId);
        await Assertions.Expect(page.Locator($"#pk .bar[data-id='{shop.FranchiseGuide}']")).ToContainTextAsync("¥500.00");
        await Assertions.Expect(page.Locator($"#pk .bar[data-id='{shop.FranchiseGuide}'] .label span").First).ToHaveTextAsync("Wang Min");
        await Assertions.Expect(page.Locator("#pk .countdown")).ToContainTextAsync("ends in 2d 23h");
    }

    [Fact]
    public async Task APkCreatedOnTheDashboard_IsShownThere_AndARefusedOneSaysWhyAndCreatesNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var title = TestIds.New("Weekend PK");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await page.Locator("#new-pk summary").ClickAsync();
        await page.Locator("#new-pk-title").FillAsync(title);
        await page.SelectOptionAsync("#new-pk-metric", "sales");
        await page.Locator("#new-pk-target").FillAsync("500");
        var create = page.Locator("#new-pk-form button");

        // One participant, then one nobody knows: refused with the reason, and no PK.
        await page.Locator("#new-pk-participants").FillAsync(shop.DirectGuide);
        await create.ClickAsync();
        await Assertions.Expect(page.Locator("#new-pk-form-error")).ToContainTextAsync("validation-failed: ");
        await Assertions.Expect(page.Locator("#new-pk-form-error")).ToContainTextAsync("a PK has 2 to 9 participants.");
        await page.Locator("#new-pk-participants").FillAsync($"{shop.DirectGuide}, nobody-{shop.Member}");
        await create.ClickAsync();
        await Assertions.Expect(page.Locator("#new-pk-form-error")).ToContainTextAsync("unknown-guide: ");
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        Assert.DoesNotContain(await ops.GetFromJsonAsync<PkUpdate[]>("/api/pk", Cancel) ?? [], pk => pk.Title == title);

        await page.Locator("#new-pk-participants").FillAsync($"{shop.DirectGuide}, {shop.FranchiseGuide}");
        await create.ClickAsync();

        await Assertions.Expect(page.Locator($"#pk .bar[data-id='{shop.FranchiseGuide}'] .label")).ToHaveTextAsync("Wang Min¥0.00 / ¥500.00", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("#pk .countdown")).ToContainTextAsync("ends in 1h 59m");
        await Assertions.Expect(page.Locator("#new-pk-form-error")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#new-pk")).Not.ToHaveAttributeAsync("open", "");
        var created = Assert.Single(await ops.GetFromJsonAsync<PkUpdate[]>("/api/pk", Cancel) ?? [], pk => pk.Title == title);
        Assert.Equal((PkMetric.Sales, 50_000L), (created.Metric, created.Scores[0].Target));
        await Assertions.Expect(page.Locator("#pk-open")).ToHaveValueAsync(created.PkId);
    }

    [Fact]
    public async Task APkThatHasEnded_IsOfferedAfterTheOpenOnes_WithItsResult()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await CreateGuidesPkAsync(shop, "Yesterday's PK", "orders", 3, DateTimeOffset.UtcNow.AddSeconds(1));
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        await Eventually.True(async () => (await ops.GetFromJsonAsync<PkUpdate>($"/api/pk/{pkId}", Cancel))!.Status == PkStatus.Ended,
            within: TimeSpan.FromSeconds(30), cancellationToken: Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());

        await Assertions.Expect(page.Locator($"#pk-open option[value='{pkId}']")).ToHaveTextAsync("Yesterday's PK (ended)", new() { Timeout = 10_000 });
        await page.SelectOptionAsync("#pk-open", pkId);
        await Assertions.Expect(page.Locator("#pk-result")).ToHaveTextAsync("Tie between Li Fang, Wang Min");
        await Assertions.Expect(page.Locator("#pk .countdown")).ToHaveTextAsync(new Regex(@"^ended \S.*\d{1,2}:\d{2}"));
    }

    [Fact]
    public async Task APkThatEndsWhileTheDashboardIsOpen_MovesAmongTheEndedOnes()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await CreateGuidesPkAsync(shop, "Closing PK", "orders", 3, DateTimeOffset.UtcNow.AddSeconds(3));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        await page.GotoAsync(new Uri(_app.BaseAddress, "/ops").ToString());
        var option = page.Locator($"#pk-open option[value='{pkId}']");
        await Assertions.Expect(option).ToHaveTextAsync("Closing PK", new() { Timeout = 10_000 });

        // It settles 10 s after its end (Scoring:PkSettleDelay); the dashboard polls every 5 s.
        await Assertions.Expect(option).ToHaveTextAsync("Closing PK (ended)", new() { Timeout = 40_000 });
    }

    [Fact]
    public async Task OutsideDevelopment_TheDashboardAsksForAToken_AndAsksAgainWhenTheServerRefusesIt()
    {
        await using var app = ProductionEdge();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInForm(browser, app);

        await Chromium.SignInAsync(page, "not-a-token");

        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("refused", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#connection")).Not.ToHaveTextAsync("live");
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task OutsideDevelopment_AKeptTokenThatExpires_IsAskedForAgain_AndTheDashboardStaysLive()
    {
        await using var app = ProductionEdge();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInForm(browser, app);

        // Signed in with a token that runs out in a few seconds (the server, allowing for clock skew, still takes it).
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops, expiresAt: DateTimeOffset.UtcNow.AddSeconds(4)));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();

        // The next poll after it expires asks for another instead of going on with the old one.
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("expired", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        var nextPoll = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/pk", StringComparison.Ordinal), new() { Timeout = 10_000 });
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
        Assert.Equal(200, (await nextPoll).Status);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");
    }

    [Fact]
    public async Task OutsideDevelopment_WhenADeployReplacesTheSigningKey_TheDashboardAsksForANewToken_AndComesBackLive()
    {
        var port = FreePorts.Next();
        var app = ProductionEdge(port);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await SignInForm(browser, app);
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        // The Edge comes back with another key: the kept token, not yet expired, is refused from then on.
        await app.DisposeAsync();
        await using var rekeyed = ProductionEdge(port, signingKey: new string('n', 40));
        rekeyed.StartServer();
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("refused", new() { Timeout = 20_000 });

        await Chromium.SignInAsync(page, rekeyed.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 40_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task WhenTheEdgeRestarts_TheDashboardReconnectsByItself_AndWatchesItsBoardAgain()
    {
        var port = FreePorts.Next();
        var app = new EdgeApplication(port: port);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, "/ops?board=guide-sales&scope=all").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });

        await app.DisposeAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("reconnecting…", new() { Timeout = 10_000 });
        await using var restarted = new EdgeApplication(port: port);
        var shop = await DemoShop.CreateAsync(restarted, Cancel);
        using var member = restarted.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();

        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator($"#entries li[data-id='{shop.DirectGuide}']")).ToBeVisibleAsync(new() { Timeout = 5_000 });

        // The library's default gives up after four tries (42 s); a wall screen must outlast a longer outage.
        // Its waits, drawn apart, are at most 30 s.
        var delayAfterTenFailures = await page.EvaluateAsync<double?>("() => reconnectForever.nextRetryDelayInMilliseconds({ previousRetryCount: 10, elapsedMilliseconds: 600000 })");
        Assert.InRange(delayAfterTenFailures!.Value, 15_000, 30_000);
    }

    [Fact]
    public async Task ABoardAndAPkTheClusterCouldNotAnswer_AreSaidSo_AndWatchedAgainByTheNextPoll()
    {
        var failTop = new FailingGrainCalls(typeof(ILeaderboardGrain), nameof(ILeaderboardGrain.Top));
        var failPk = new FailingGrainCalls(typeof(IPkGrain), nameof(IPkGrain.Get));
        await using var app = new EdgeApplication(services: services =>
        {
            services.AddSingleton<IIncomingGrainCallFilter>(failTop);
            services.AddSingleton<IIncomingGrainCallFilter>(failPk);
        });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var ops = app.ClientAs("ops-1", Roles.Ops);
        var pkId = TestIds.New("pk");
        var pk = new
        {
            pkId, title = "Orders today", metric = "orders", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1),
            participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 5 }, new { id = shop.FranchiseGuide, kind = "guide", target = 5 } },
        };
        (await ops.PostAsJsonAsync("/api/pk", pk, Cancel)).EnsureSuccessStatusCode();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);

        failTop.Armed = failPk.Armed = true;
        await page.GotoAsync(new Uri(app.BaseAddress, $"/ops?board=guide-sales&scope=all&pk={pkId}").ToString());
        await Assertions.Expect(page.Locator("#board-error")).ToContainTextAsync("unavailable:", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#pk")).ToContainTextAsync("unavailable:");
        failTop.Armed = failPk.Armed = false;
        using var member = app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();

        // The polls come every 5 s; the board's push within a second of the sale.
        await Assertions.Expect(page.Locator($"#entries li[data-id='{shop.DirectGuide}']")).ToBeVisibleAsync(new() { Timeout = 8_000 });
        await Assertions.Expect(page.Locator("#board-error")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator($"#pk .bar[data-id='{shop.DirectGuide}']")).ToContainTextAsync("1 / 5", new() { Timeout = 8_000 });
    }

    /// <summary>An Edge outside Development: no token endpoint, so the dashboard must ask for one.</summary>
    private static EdgeApplication ProductionEdge(int port = 0, string? signingKey = null) =>
        new(new Dictionary<string, string?> { ["Auth:SigningKey"] = signingKey ?? new string('k', 40) }, environment: "Production", port: port);

    /// <summary>The dashboard of an Edge outside Development, as it first shows: asking for a token.</summary>
    private static async Task<IPage> SignInForm(IBrowser browser, EdgeApplication app)
    {
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, "/ops").ToString());
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        return page;
    }

    /// <summary>A PK between the shop's two guides, each with the same target, running since a minute ago.</summary>
    private async Task<string> CreateGuidesPkAsync(DemoShop shop, string title, string metric, long target, DateTimeOffset endsAt)
    {
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var pkId = TestIds.New("pk");
        var pk = new
        {
            pkId,
            title,
            metric,
            participants = new[] { new { id = shop.DirectGuide, kind = "guide", target }, new { id = shop.FranchiseGuide, kind = "guide", target } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            endsAt,
        };
        (await ops.PostAsJsonAsync("/api/pk", pk, Cancel)).EnsureSuccessStatusCode();
        return pkId;
    }
}
