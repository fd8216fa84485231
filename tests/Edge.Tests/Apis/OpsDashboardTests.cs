using System.Net.Http.Json;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The dashboard in a real browser: Debian's headless Chromium, driven by Playwright.</summary>
[Collection(EdgeCollection.Name)]
public sealed class OpsDashboardTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrderPaidThroughTheApi_ShowsOnTheDashboard_WithinTwoSeconds()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestServers.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
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
    }
}
