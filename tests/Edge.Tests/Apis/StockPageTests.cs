using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The stock page (<c>/stock</c>) in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class StockPageTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASkusStockInARegion_ShowsEveryStoresCounts_AndFollowsReservationsAsTheyArePushed()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStockPage(browser, shop);

        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync("Hydrating Serum 30ml · Shanghai");
        await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync("40");
        var direct = page.Locator($"#stores li[data-store='{shop.DirectStore}']");
        await Assertions.Expect(direct.Locator(".what")).ToHaveTextAsync("Nanjing Road East");
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("20 on hand · 0 reserved");
        await Assertions.Expect(page.Locator("#stores li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // A member reserves 3 shipped from the store nearest them: pushed, the page shows it within seconds. Watching, it
        // reads only every 30 s.
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var reservationId = TestIds.New("r");
        (await member.PostAsJsonAsync($"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations",
            new { reservationId, quantity = 3, latitude = 31.2323, longitude = 121.4735, mode = "ship" }, Cancel)).EnsureSuccessStatusCode();

        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("20 on hand · 3 reserved", new() { Timeout = 4_000 });
        await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync("37");
        await Assertions.Expect(page.Locator("#reserved")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#movements li").First).ToContainTextAsync($"reserve, ship · Nanjing Road East · reserved +3 · {reservationId}");
        await Assertions.Expect(page.Locator("#movements li")).ToHaveCountAsync(3); // the two stores' counts set, and the reservation

        // A SKU the brand does not have is said plainly, in place of the counts.
        await page.Locator("#sku").FillAsync(TestIds.New("sku"));
        await page.Locator("#pool-form button").ClickAsync();
        await Assertions.Expect(page.Locator("#pool-error")).ToContainTextAsync("unknown-sku");
        await Assertions.Expect(page.Locator("#stores-panel")).ToBeHiddenAsync();

        // A product's name typed into the SKU field suggests the region's products by it, as its store pages list them.
        await Eventually.True(async () => (await member.GetFromJsonAsync<StorePageItem>($"/api/stores/{shop.DirectStore}/page/{shop.Sku}", Cancel))!.Available == 37,
            cancellationToken: Cancel);
        await page.Locator("#sku").FillAsync("hydrating");
        await Assertions.Expect(page.Locator("#sku-options option")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#sku-options option[value='{shop.Sku}']")).ToHaveTextAsync("Hydrating Serum 30ml · 37 available");
    }

    [Fact]
    public async Task WhileItsHubCannotBeReached_AtFirstOrAfterALoss_ThePageReadsEvery5s_AndOnceUpWatchesThePool()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var stockPushes = new HubRelay("/hubs/scoreboard");
        stockPushes.Refuse(); // an Edge restarting behind the page, say: the page itself and the API answer
        var page = await OpenStockPage(browser, shop, stockPushes.RouteAsync);
        var direct = page.Locator($"#stores li[data-store='{shop.DirectStore}']");

        // Refused while the member reserves: nothing is pushed, and the page reads every 5 s instead of every 30. Once
        // admitted, the pool is watched on the new connection, so a reservation is pushed.
        async Task ReadWhileCutOff_PushedOnceAdmitted(int reservedBefore, int watches)
        {
            await Reserve(shop, 3);
            await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync($"20 on hand · {reservedBefore + 3} reserved", new() { Timeout = 8_000 });

            stockPushes.Admit();
            await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
            Assert.Equal(watches, stockPushes.Invoked("WatchStock"));
            await Reserve(shop, 2);
            await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync($"20 on hand · {reservedBefore + 5} reserved", new() { Timeout = 4_000 });
            await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync($"{35 - reservedBefore}");
        }

        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("offline · trying again");
        await ReadWhileCutOff_PushedOnceAdmitted(reservedBefore: 0, watches: 1);

        await stockPushes.DropAndRefuseAsync();
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("reconnecting…");
        await ReadWhileCutOff_PushedOnceAdmitted(reservedBefore: 5, watches: 2);
    }

    [Fact]
    public async Task AChangeBeingTypedAtAStore_KeepsTheFocus_ThroughThePushesThatMoveItsCounts()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStockPage(browser, shop);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        var direct = page.Locator($"#stores li[data-store='{shop.DirectStore}']");

        // In a flash sale the counts are pushed twice a second: an operator typing a change must not lose the field.
        await direct.Locator("input").ClickAsync();
        await page.Keyboard.TypeAsync("1");
        await Reserve(shop, 3);
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("20 on hand · 3 reserved", new() { Timeout = 4_000 });
        await page.Keyboard.TypeAsync("2");

        await Assertions.Expect(direct.Locator("input")).ToBeFocusedAsync();
        await Assertions.Expect(direct.Locator("input")).ToHaveValueAsync("12");
    }

    [Fact]
    public async Task AnAdjustmentFromThePage_CountsOnce_ThoughItsFirstAnswerWasLost_ARefusedOneAndTheSafetyStockChangingWhatTheySay()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await OpenStockPage(browser, shop);
        var direct = page.Locator($"#stores li[data-store='{shop.DirectStore}']");
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("20 on hand · 0 reserved");
        var ledger = $"/api/inventory/{shop.RegionId}/{shop.Sku}/ledger";
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var movementsBefore = (await ops.GetFromJsonAsync<LedgerPage>(ledger, Cancel))!.Entries.Length;

        // More damaged than the store holds: refused, and nothing moves.
        await direct.Locator("input").FillAsync("-25");
        await direct.Locator("select").SelectOptionAsync("damaged");
        await direct.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#stock-error")).ToContainTextAsync("negative-stock");
        Assert.Equal(movementsBefore, (await ops.GetFromJsonAsync<LedgerPage>(ledger, Cancel))!.Entries.Length);

        // Goods received, the first answer lost on the way back: sending again is that same adjustment.
        var sent = await Chromium.LoseTheFirstAnswerAsync(page, "**/adjustments");
        await direct.Locator("input").FillAsync("5");
        await direct.Locator("select").SelectOptionAsync("goods received");
        await direct.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#stock-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#stock-error")).Not.ToContainTextAsync("negative-stock");
        await direct.Locator("button").ClickAsync();

        await Assertions.Expect(page.Locator("#stock-note")).ToHaveTextAsync("Nanjing Road East: +5 (goods received), 25 on hand.");
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("25 on hand · 0 reserved");
        await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync("45");
        await Assertions.Expect(page.Locator("#stock-error")).ToBeEmptyAsync();
        Assert.Equal(2, sent());
        var adjustment = Assert.Single((await ops.GetFromJsonAsync<LedgerPage>(ledger, Cancel))!.Entries.Skip(movementsBefore));
        Assert.Equal((StockMovementKind.Adjust, shop.DirectStore, 5L, "goods received"), (adjustment.Kind, adjustment.StoreId, adjustment.OnHandDelta, adjustment.Reason));
        await Assertions.Expect(page.Locator("#movements li").First).ToContainTextAsync("adjust, goods received · Nanjing Road East · on hand +5");

        await page.Locator("#safety-stock summary").ClickAsync();
        await page.Locator("#safety-units").FillAsync("6");
        await page.Locator("#safety-form button").ClickAsync();

        await Assertions.Expect(page.Locator("#safety")).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync("39");
        await Assertions.Expect(page.Locator("#movements li").First).ToContainTextAsync("safety-stock · the region · safety stock 6");
        Assert.Equal(39, (await ops.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel))!.Available);
    }

    [Fact]
    public async Task OutsideDevelopment_ThePageTakesOnlyAnOperatorsToken()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, $"/stock?region={shop.RegionId}&sku={shop.Sku}").ToString());

        await Chromium.SignInAsync(page, app.TokenFor(shop.DirectGuide, Roles.Guide));
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("That is not an operator's token.");
        await Chromium.SignInAsync(page, "not-a-token");
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("That is not an operator's token.");
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops) + "x"); // an operator's, but not one the server signed
        await Assertions.Expect(page.Locator("#signin-error")).ToHaveTextAsync("The server refused the token; sign in again.", new() { Timeout = 10_000 });
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops));

        await Assertions.Expect(page.Locator("#available")).ToHaveTextAsync("40", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ATokenTheApiRefusesWhileThePageIsOpen_IsAskedForAgain_AndTheAdjustmentMadeMeanwhileCountsOnce()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(app.BaseAddress, $"/stock?region={shop.RegionId}&sku={shop.Sku}").ToString());

        // A token the API takes for about 8 s more: expired 22 s ago, within the server's 30 s of clock skew.
        var lapses = DateTimeOffset.UtcNow.AddSeconds(8);
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops, lapses.AddSeconds(-30)));
        var direct = page.Locator($"#stores li[data-store='{shop.DirectStore}']");
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("20 on hand · 0 reserved", new() { Timeout = 5_000 });
        await direct.Locator("input").FillAsync("5");
        await Task.Delay(lapses - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1), Cancel);
        await direct.Locator("button").ClickAsync();

        // The page's hub connection, seeing the token's time up, asked already: the refused adjustment waits for that
        // same sign-in (the form says why it first asked), and is sent again once it is answered.
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("sign in again.");
        await Assertions.Expect(page.Locator("#stock-note")).ToBeEmptyAsync();
        await Chromium.SignInAsync(page, app.TokenFor("ops-1", Roles.Ops));

        await Assertions.Expect(page.Locator("#stock-note")).ToHaveTextAsync("Nanjing Road East: +5 (goods received), 25 on hand.");
        await Assertions.Expect(direct.Locator(".counts")).ToHaveTextAsync("25 on hand · 0 reserved");
        await Assertions.Expect(page.Locator("#stock-error")).ToBeEmptyAsync();
    }

    /// <summary>A member's reservation of <paramref name="quantity"/> shipped to central Shanghai, over the API.</summary>
    private async Task Reserve(DemoShop shop, int quantity)
    {
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsJsonAsync($"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations",
            new { reservationId = TestIds.New("r"), quantity, latitude = 31.2323, longitude = 121.4735, mode = "ship" }, Cancel)).EnsureSuccessStatusCode();
    }

    private async Task<IPage> OpenStockPage(IBrowser browser, DemoShop shop, Func<IPage, Task>? beforeLoading = null)
    {
        var page = await Chromium.PhonePageAsync(browser);
        await (beforeLoading?.Invoke(page) ?? Task.CompletedTask);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/stock?region={shop.RegionId}&sku={shop.Sku}").ToString());
        await Assertions.Expect(page.Locator("#available")).Not.ToHaveTextAsync("—", new() { Timeout = 10_000 });
        return page;
    }
}
