using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/regions").WithTags("Regions").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("/", ListRegions);
        api.MapPut("/{regionId}", PutRegion).RequireAuthorization(Policies.Ops);
        api.MapGet("/{regionId}", GetRegion);
        api.MapGet("/{regionId}/fulfilment", GetFulfilment).RequireAuthorization(Policies.Ops);
        return app;
    }

    /// <summary>Every region defined, by name: what a region is picked from.</summary>
    public static async Task<Ok<ImmutableArray<RegionProfile>>> ListRegions(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRegionDirectoryGrain>(IRegionDirectoryGrain.Key).List());

    public static async Task<Results<Ok<RegionProfile>, ValidationProblem>> PutRegion(string regionId, RegionRequest request, IGrainFactory grains)
    {
        var name = request.Name?.Trim() ?? "";
        var validation = new RegionProfile(regionId, name).Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<IRegionGrain>(regionId).Define(name));
    }

    /// <summary>The region's stores, the one whose oldest waiting order waits longest first; those with none wait last.</summary>
    public static async Task<Results<Ok<StoreFulfilmentSummary[]>, ProblemHttpResult>> GetFulfilment(string regionId, IGrainFactory grains)
    {
        var region = grains.GetGrain<IRegionGrain>(regionId);
        if (!Validation.IsValidId(regionId) || await region.GetProfile() is null)
        {
            return Problems.NotFound(ErrorCodes.UnknownRegion, $"Region '{regionId}' does not exist.");
        }

        return TypedResults.Ok(await FulfilmentSummaries.LongestWaitingFirst((await region.GetStores()).Select(s => s.StoreId), grains));
    }

    public static async Task<Results<Ok<RegionProfile>, ProblemHttpResult>> GetRegion(string regionId, IGrainFactory grains)
    {
        var profile = Validation.IsValidId(regionId) ? await grains.GetGrain<IRegionGrain>(regionId).GetProfile() : null;
        return profile is null
            ? Problems.NotFound(ErrorCodes.UnknownRegion, $"Region '{regionId}' does not exist.")
            : TypedResults.Ok(profile);
    }
}
