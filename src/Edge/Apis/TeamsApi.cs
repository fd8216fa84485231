using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Teams of guides (branch companies): operations name them, so boards and PKs show names rather than ids.</summary>
public static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teams").WithTags("Teams").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPut("/{teamId}", PutTeam).RequireAuthorization(Policies.Ops);
        api.MapGet("/{teamId}", GetTeam);
        return app;
    }

    public static async Task<Results<Ok<TeamProfile>, ValidationProblem>> PutTeam(string teamId, TeamRequest request, IGrainFactory grains)
    {
        var name = request.Name?.Trim() ?? "";
        var validation = new TeamProfile(teamId, name).Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        return TypedResults.Ok(await grains.GetGrain<ITeamGrain>(teamId).Define(name));
    }

    public static async Task<Results<Ok<TeamProfile>, ProblemHttpResult>> GetTeam(string teamId, IGrainFactory grains)
    {
        var profile = Validation.IsValidId(teamId) ? await grains.GetGrain<ITeamGrain>(teamId).GetProfile() : null;
        return profile is null
            ? Problems.NotFound(ErrorCodes.UnknownTeam, $"Team '{teamId}' has no name yet.")
            : TypedResults.Ok(profile);
    }
}
