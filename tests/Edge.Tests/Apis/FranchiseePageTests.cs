using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The franchisee's page (<c>/franchisee</c>) in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(BrowserEdgeCollection.Name)]
public sealed class FranchiseePageTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFranchisee_SeesWhatItsStoresStillHaveToHandOver_AndWhatItIsOwed_AsAnOrderIsPaid_WithoutAReload()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        var today = (await ops.GetFromJsonAsync<AccountStatement>($"/api/accounts/{shop.Dealer}/settlement", Cancel))!.From; // the local day
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/franchisee?account={shop.Dealer}").ToString());

        // Its one franchise store (the shop's other store is the brand's own), with nothing waiting yet, and the brand's month.
        var store = page.Locator($"#stores li[data-store='{shop.FranchiseStore}']");
        await Assertions.Expect(page.Locator("#title")).ToHaveTextAsync($"Franchisee · {shop.Dealer}");
        await Assertions.Expect(store.Locator(".what")).ToHaveTextAsync("Xujiahui", new() { Timeout = 10_000 });
        await Assertions.Expect(store.Locator(".counts")).ToHaveTextAsync("nothing waiting");
        await Assertions.Expect(page.Locator("#stores li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#month")).ToHaveValueAsync(today.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync("¥0.00");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // A member pays for two to pick up there: the store's alert has the page read it again (well before its 30 s
        // read), waiting, and owed.
        var paid = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore, quantity: 2), Cancel);
        var yuan = "¥" + (paid.Settlement.Single(s => s.AccountId == shop.Dealer).Amount / 100m).ToString("N2", CultureInfo.InvariantCulture);
        await Assertions.Expect(store.Locator(".counts")).ToContainTextAsync("0 to ship · 1 to hand over · the oldest ", new() { Timeout = 8_000 });
        var day = page.Locator($"#settlement-days tr[data-date='{today:yyyy-MM-dd}']");
        await Assertions.Expect(day.Locator(".amount")).ToHaveTextAsync(yuan);
        await Assertions.Expect(day.Locator(".orders")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync(yuan);

        // The store opened: its oldest waiting orders beneath it; closed again.
        await store.Locator(".what").ClickAsync();
        await Assertions.Expect(store.Locator($"ol li[data-id='{paid.OrderId}']")).ToHaveTextAsync($"{paid.OrderId} · pick-up · 2× {shop.Sku} · just now");
        await store.Locator(".what").ClickAsync();
        await Assertions.Expect(store.Locator("ol li")).ToHaveCountAsync(0);

        // Another month picked is that month's, and the next read — the next order's alert — keeps it (reading it again)
        // rather than going back to today's.
        var lastMonth = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var readsOfLastMonth = 0;
        page.Response += (_, response) =>
        {
            if (response.Url.Contains($"/settlement?from={lastMonth}-01", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref readsOfLastMonth);
            }
        };
        await page.Locator("#month").FillAsync(lastMonth);
        await Assertions.Expect(page.Locator("#settlement-days tr")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync("¥0.00");
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await Assertions.Expect(store.Locator(".counts")).ToContainTextAsync("0 to ship · 2 to hand over · the oldest ", new() { Timeout = 8_000 });
        await Eventually.True(() => Volatile.Read(ref readsOfLastMonth) >= 2, TimeSpan.FromSeconds(8), Cancel);
        await Assertions.Expect(page.Locator("#month")).ToHaveValueAsync(lastMonth);
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync("¥0.00");
        await Assertions.Expect(page.Locator("#stores-error")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task OutsideDevelopment_AFranchiseesTokenShowsItsOwnAccount_WhateverTheAddressSays_AndTheDashboardsTokenTheAccountNamed()
    {
        await using var app = EdgeApplication.InProduction();
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var asFranchisee = await Chromium.PhonePageAsync(browser);
        await asFranchisee.GotoAsync(new Uri(app.BaseAddress, $"/franchisee?account={TestIds.New("dealer")}").ToString());

        await Chromium.SignInAsync(asFranchisee, app.TokenFor(shop.Member, Roles.Member));
        await Assertions.Expect(asFranchisee.Locator("#signin-error")).ToHaveTextAsync("That is neither a franchisee's token nor an operator's.", new() { Timeout = 10_000 });
        await Chromium.SignInAsync(asFranchisee, app.TokenFor(shop.Dealer, Roles.Dealer));
        await Assertions.Expect(asFranchisee.Locator("#title")).ToHaveTextAsync($"Franchisee · {shop.Dealer}", new() { Timeout = 10_000 });
        await Assertions.Expect(asFranchisee.Locator($"#stores li[data-store='{shop.FranchiseStore}'] .what")).ToHaveTextAsync("Xujiahui");

        // An operator signed in on the dashboard opens a franchisee's page without signing in again.
        var asOps = await Chromium.PhonePageAsync(browser);
        await asOps.GotoAsync(new Uri(app.BaseAddress, "/ops").ToString());
        await Chromium.SignInAsync(asOps, app.TokenFor("ops-1", Roles.Ops));
        await Assertions.Expect(asOps.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        await asOps.GotoAsync(new Uri(app.BaseAddress, $"/franchisee?account={shop.Dealer}").ToString());
        await Assertions.Expect(asOps.Locator($"#stores li[data-store='{shop.FranchiseStore}'] .what")).ToHaveTextAsync("Xujiahui", new() { Timeout = 10_000 });
        await Assertions.Expect(asOps.Locator("#signin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AlertsFromSeveralStoresWhileAReadIsUnderWay_MakeOneMoreRead_NotOneEach()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs(TestIds.New("ops"), Roles.Ops);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var stores = new[] { shop.FranchiseStore, TestIds.New("st"), TestIds.New("st") };
        foreach (var storeId in stores.Skip(1))
        {
            (await ops.PutAsJsonAsync($"/api/stores/{storeId}", new
            {
                name = storeId, regionId = shop.RegionId, latitude = 31.19, longitude = 121.44, ownerAccountId = shop.Dealer, ownership = "franchise",
                canShip = true, canPickup = true,
            }, Cancel)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync($"/api/stores/{storeId}/stock/{shop.Sku}", new { onHand = 1 }, Cancel)).EnsureSuccessStatusCode();
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/franchisee?account={shop.Dealer}").ToString());
        await Assertions.Expect(page.Locator("#stores li")).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // The next read is held until every store's alert has come: they ask for one more read between them.
        var reads = 0;
        var held = new TaskCompletionSource();
        await page.RouteAsync("**/api/accounts/*/stores", async route =>
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                await held.Task;
            }

            await route.ContinueAsync();
        });
        await Task.WhenAll(stores.Select(storeId => member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), storeId), Cancel)));
        await Eventually.True(() => Volatile.Read(ref reads) == 1, TimeSpan.FromSeconds(10), Cancel);
        await Task.Delay(1_000, Cancel);
        held.SetResult();

        foreach (var storeId in stores)
        {
            await Assertions.Expect(page.Locator($"#stores li[data-store='{storeId}'] .counts")).ToContainTextAsync("0 to ship · 1 to hand over");
        }

        // Usually the held read took the first alert, and the others asked for one more after it: two in all. On a busy
        // machine the read the page makes once it watches may still be under way when every alert comes, and take them
        // all; the held one is then that one more: one in all. Reads side by side, one per alert, would make three.
        await Task.Delay(1_500, Cancel);
        Assert.InRange(Volatile.Read(ref reads), 1, 2);
    }

    [Fact]
    public async Task AnAccountThatOwnsNoStore_IsSaidPlainly()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await Chromium.PhonePageAsync(browser);
        await page.GotoAsync(new Uri(_app.BaseAddress, $"/franchisee?account={TestIds.New("dealer")}").ToString());

        await Assertions.Expect(page.Locator("#stores-empty")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#stores li")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#settlement-amount")).ToHaveTextAsync("¥0.00");
    }
}
