namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>GET /ops: the operations dashboard (static files in wwwroot/ops; the page gets its token and talks to the API and hubs).</summary>
public static class OpsDashboard
{
    public static IEndpointRouteBuilder MapOpsDashboard(this IEndpointRouteBuilder app)
    {
        // Through the web root's file provider, so it is found wherever static files are (project, publish output, static web assets).
        app.MapGet("/ops", (IWebHostEnvironment environment) =>
            environment.WebRootFileProvider.GetFileInfo("ops/index.html") is { Exists: true } page
                ? Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8")
                : Results.NotFound())
            .ExcludeFromDescription();
        return app;
    }
}
