using Microsoft.Playwright;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>Debian's headless Chromium (never a downloaded browser), driven by Playwright, for the pages' tests.</summary>
internal static class Chromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestServers.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });

    /// <summary>
    /// The first request to <paramref name="url"/> (a glob) reaches the server, but its answer never reaches the page,
    /// as when a connection drops on the way back — or, given <paramref name="insteadStatus"/>, the page is answered
    /// that status with an <c>unavailable</c> problem, as by a proxy that gave up waiting; the later ones go through.
    /// Answers how many were sent so far.
    /// </summary>
    public static async Task<Func<int>> LoseTheFirstAnswerAsync(IPage page, string url, int? insteadStatus = null)
    {
        var sent = 0;
        await page.RouteAsync(url, async route =>
        {
            if (Interlocked.Increment(ref sent) == 1)
            {
                await route.FetchAsync();
                if (insteadStatus is { } status)
                {
                    await route.FulfillAsync(new()
                    {
                        Status = status,
                        ContentType = "application/problem+json",
                        Body = $$"""{"status":{{status}},"code":"unavailable","detail":"The cluster did not answer in time."}""",
                    });
                }
                else
                {
                    await route.AbortAsync();
                }
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        return () => Volatile.Read(ref sent);
    }

    /// <summary>Signs in on a page's sign-in form (outside Development, where the pages ask for a token) once it shows.</summary>
    public static async Task SignInAsync(IPage page, string token)
    {
        await Assertions.Expect(page.Locator("#signin")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await page.FillAsync("#token", token);
        await page.ClickAsync("#signin button");
    }

    /// <summary>
    /// A page the size of a phone's screen, where the pages are mostly read; given a position, its browser shares it
    /// with the page when asked.
    /// </summary>
    public static Task<IPage> PhonePageAsync(IBrowser browser, Geolocation? sharedPosition = null) =>
        browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Geolocation = sharedPosition,
            Permissions = sharedPosition is null ? null : ["geolocation"],
        });
}
