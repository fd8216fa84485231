using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Guides: operations define them; a guide sees their own figures and customers.</summary>
public static class GuidesApi
{
    public static IEndpointRouteBuilder MapGuidesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/guides").WithTags("Guides").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPut("/{guideId}", PutGuide).RequireAuthorization(Policies.Ops);
        api.MapGet("/{guideId}", GetGuide).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/customers", GetCustomers).RequireAuthorization(Policies.GuideOrOps);
        return app;
    }

    public static async Task<Results<Ok<GuideProfile>, ValidationProblem>> PutGuide(string guideId, GuideRequest request, IGrainFactory grains)
    {
        var profile = new GuideProfile(guideId, request.Name?.Trim() ?? "", request.StoreId ?? "", request.TeamId ?? "");
        var validation = profile.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<IGuideGrain>(guideId).Define(profile));
    }

    public static async Task<Results<Ok<GuideView>, ProblemHttpResult>> GetGuide(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(guideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide sees their own figures only.");
        }

        var view = Validation.IsValidId(guideId) ? await grains.GetGrain<IGuideGrain>(guideId).GetView() : null;
        return view is null ? UnknownGuide(guideId) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<ImmutableArray<GuideCustomer>>, ProblemHttpResult>> GetCustomers(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(guideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide sees their own customers only.");
        }

        var guide = grains.GetGrain<IGuideGrain>(guideId);
        if (!Validation.IsValidId(guideId) || await guide.GetProfile() is null)
        {
            return UnknownGuide(guideId);
        }

        return TypedResults.Ok(await guide.GetCustomers());
    }

    private static ProblemHttpResult UnknownGuide(string guideId) =>
        Problems.NotFound(ErrorCodes.UnknownGuide, $"Guide '{guideId}' does not exist.");
}
