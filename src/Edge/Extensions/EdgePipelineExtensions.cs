using PrivateDomain.Realtime.Edge.Apis;
using PrivateDomain.Realtime.Edge.Hubs;

namespace PrivateDomain.Realtime.Edge.Extensions;

public static class EdgePipelineExtensions
{
    public static WebApplication UseEdgePipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapEdgeEndpoints(this WebApplication app)
    {
        app.MapHealthApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevTokenApi();
            Log.DevTokensServed(app.Logger);
        }

        app.MapRegionsApi();
        app.MapTeamsApi();
        app.MapAccountsApi();
        app.MapStoresApi();
        app.MapSkusApi();
        app.MapStockApi();
        app.MapInventoryApi();
        app.MapOrdersApi();
        app.MapStoreOperationsApi();
        app.MapMembersApi();
        app.MapGuidesApi();
        app.MapLiveRoomsApi();
        app.MapScoreboardsApi();
        app.MapBrowserPages();
        app.MapOpenApiDocument();
        app.MapEdgeHubs();
        return app;
    }
}
