using System.Net;
using Microsoft.Playwright;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>Browser pages of other origins: only those configured in <c>Cors:AllowedOrigins</c> may call the Edge.</summary>
public sealed class CrossOriginTests
{
    private const string Shop = "https://shop.example.com";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConfiguredOrigin_MayCallTheApiAndNegotiateWithAHub_AnotherMayNot()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Shop });
        using var http = app.CreateClient();

        var shopPreflight = await http.SendAsync(Preflight("/api/orders", Shop), Cancel);
        var hubPreflight = await http.SendAsync(Preflight("/hubs/live/negotiate?negotiateVersion=1", Shop), Cancel);
        var otherPreflight = await http.SendAsync(Preflight("/api/orders", "https://elsewhere.example.com"), Cancel);

        Assert.Equal(HttpStatusCode.NoContent, shopPreflight.StatusCode);
        Assert.Equal([Shop], shopPreflight.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("authorization", string.Join(',', shopPreflight.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([Shop], hubPreflight.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.False(otherPreflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ByDefault_NoOtherOrigin_MayCall()
    {
        await using var app = new EdgeApplication();
        using var http = app.CreateClient();

        var preflight = await http.SendAsync(Preflight("/api/orders", Shop), Cancel);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnOriginWithAPath_IsRefusedAtStart_NamingTheSetting()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Shop + "/shop" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Cors:AllowedOrigins", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InABrowser_APageOfAnAllowedOrigin_ReadsTheApi_AndConnectsToAHub()
    {
        // The same Edge as two origins: the page comes from 127.0.0.1, the calls go to localhost.
        var port = FreePorts.Next();
        var pageOrigin = $"http://127.0.0.1:{port}";
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = pageOrigin }, port: port);
        var apiOrigin = $"http://localhost:{port}";
        var token = app.TokenFor("ops-1", Roles.Ops);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{pageOrigin}/health");
        await page.AddScriptTagAsync(new() { Url = $"{pageOrigin}/lib/signalr/signalr.min.js" });

        var status = await page.EvaluateAsync<int>(
            "async ([api, token]) => (await fetch(api + '/api/pk', { headers: { Authorization: 'Bearer ' + token } })).status", new[] { apiOrigin, token });
        var hubState = await page.EvaluateAsync<string>("""
            async ([api, token]) => {
              const connection = new signalR.HubConnectionBuilder().withUrl(api + '/hubs/scoreboard', { accessTokenFactory: () => token }).build();
              await connection.start();
              const state = connection.state;
              await connection.stop();
              return state;
            }
            """, new[] { apiOrigin, token });

        Assert.Equal(200, status);
        Assert.Equal("Connected", hubState);
    }

    private static HttpRequestMessage Preflight(string path, string origin) => new(HttpMethod.Options, path)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "authorization,content-type" },
        },
    };
}
