using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>A store's stock counts, addressed by store: the Edge finds the store's region and asks that region's pool.</summary>
public static class StockApi
{
    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/stores/{storeId}/stock/{sku}").WithTags("Inventory")
            .RequireAuthorization(Policies.Ops).RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPut("", SetStoreStock);
        api.MapPost("/adjustments", AdjustStock);
        return app;
    }

    public static async Task<Results<Ok<StoreStock>, ValidationProblem, ProblemHttpResult>> SetStoreStock(string storeId, string sku, SetOnHandRequest request, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(storeId, "storeId").RequireId(sku, "sku")
            .RequireOnHand(request.OnHand);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (await grains.GetGrain<IStoreGrain>(storeId).GetProfile() is not { } store)
        {
            return UnknownStore(storeId);
        }

        return TypedResults.Ok(await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, store.RegionId)).SetOnHand(storeId, request.OnHand!.Value));
    }

    public static async Task<Results<Ok<StoreStock>, ValidationProblem, ProblemHttpResult>> AdjustStock(string storeId, string sku, AdjustmentRequest request, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(storeId, "storeId").RequireId(sku, "sku")
            .RequireId(request.AdjustmentId, "adjustmentId")
            .RequireAdjustment(request.Delta)
            .RequireName(request.Reason, "reason");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (await grains.GetGrain<IStoreGrain>(storeId).GetProfile() is not { } store)
        {
            return UnknownStore(storeId);
        }

        return TypedResults.Ok(await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, store.RegionId))
            .Adjust(request.AdjustmentId!, storeId, request.Delta!.Value, request.Reason!));
    }

    private static ProblemHttpResult UnknownStore(string storeId) =>
        Problems.NotFound(ErrorCodes.UnknownStore, $"Store '{storeId}' does not exist.");
}
