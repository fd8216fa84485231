namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>
/// The pages the Edge serves to browsers (static files in wwwroot; each page gets its token and talks to the API and
/// hubs itself): <c>GET /ops</c>, the operations dashboard; <c>GET /live</c>, a live room as a member or its host sees
/// it — also the reference for how a client keeps a room (docs/api.md); <c>GET /guide</c>, a shopping guide's app;
/// <c>GET /store</c>, a store's own page in the mini-program, where a member browses and buys; <c>GET /stock</c>,
/// one SKU's stock in a region, where operations adjust it; and <c>GET /franchisee</c>, a franchisee's stores and what
/// the brand owes it.
/// </summary>
public static class BrowserPages
{
    public static IEndpointRouteBuilder MapBrowserPages(this IEndpointRouteBuilder app)
    {
        MapPage(app, "/ops", "ops/index.html");
        MapPage(app, "/live", "live/index.html");
        MapPage(app, "/guide", "guide/index.html");
        MapPage(app, "/store", "store/index.html");
        MapPage(app, "/stock", "stock/index.html");
        MapPage(app, "/franchisee", "franchisee/index.html");
        return app;
    }

    private static void MapPage(IEndpointRouteBuilder app, string path, string file) =>
        // Through the web root's file provider, so it is found wherever static files are (project, publish output, static web assets).
        app.MapGet(path, (IWebHostEnvironment environment) =>
            environment.WebRootFileProvider.GetFileInfo(file) is { Exists: true } page
                ? Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8")
                : Results.NotFound())
            .ExcludeFromDescription();
}
