using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

public static class SkusApi
{
    public static IEndpointRouteBuilder MapSkusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/skus").WithTags("Products").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPut("/{sku}", PutSku).RequireAuthorization(Policies.Ops);
        api.MapGet("/{sku}", GetSku);
        return app;
    }

    public static async Task<Results<Ok<SkuProfile>, ValidationProblem>> PutSku(string sku, SkuRequest request, IGrainFactory grains)
    {
        var name = request.Name?.Trim() ?? "";
        var validation = new SkuProfile(sku, name, request.ListPrice ?? 0).Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<ISkuGrain>(sku).Define(name, request.ListPrice!.Value));
    }

    public static async Task<Results<Ok<SkuProfile>, ProblemHttpResult>> GetSku(string sku, IGrainFactory grains)
    {
        var profile = Validation.IsValidId(sku) ? await grains.GetGrain<ISkuGrain>(sku).GetProfile() : null;
        return profile is null
            ? Problems.NotFound(ErrorCodes.UnknownSku, $"SKU '{sku}' does not exist.")
            : TypedResults.Ok(profile);
    }
}
