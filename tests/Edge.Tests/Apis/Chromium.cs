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
