using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>PK competitions (operations set them up) and today's leaderboards; anyone signed in may look.</summary>
public static class ScoreboardsApi
{
    public static IEndpointRouteBuilder MapScoreboardsApi(this IEndpointRouteBuilder app)
    {
        var pk = app.MapGroup("/api/pk").WithTags("PK").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        pk.MapPost("", CreatePk).RequireAuthorization(Policies.Ops);
        pk.MapGet("", ListPks);
        pk.MapGet("/{pkId}", GetPk);

        var boards = app.MapGroup("/api/leaderboards").WithTags("Leaderboards").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        boards.MapGet("/{board}", GetLeaderboard);
        boards.MapGet("/{board}/rank/{id}", GetLeaderboardRank);
        boards.MapGet("/{board}/scopes", GetLeaderboardScopes);
        return app;
    }

    public static async Task<Results<Created<PkUpdate>, ValidationProblem>> CreatePk(PkRequest request, IGrainFactory grains)
    {
        var missing = new Validation()
            .RequireId(request.PkId, "pkId")
            .Require(request.Metric is not null, "metric", "metric is required: 'sales', 'orders' or 'newMembers'.")
            .Require(request.StartsAt is not null, "startsAt", "startsAt is required.")
            .Require(request.EndsAt is not null, "endsAt", "endsAt is required.")
            .Require(request.Participants is not null && request.Participants.All(p => p is not null), "participants", "participants are required.");
        if (!missing.IsValid)
        {
            return Problems.Validation(missing);
        }

        var definition = new CreatePk(request.Title?.Trim() ?? "", request.Metric!.Value, [.. request.Participants!], request.StartsAt!.Value, request.EndsAt!.Value);
        var validation = definition.Validate();
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var created = await grains.GetGrain<IPkGrain>(request.PkId!).Create(definition);
        return TypedResults.Created($"/api/pk/{request.PkId}", created);
    }

    public static async Task<Results<Ok<PkUpdate>, ProblemHttpResult>> GetPk(string pkId, IGrainFactory grains) =>
        Validation.IsValidId(pkId) && await grains.GetGrain<IPkGrain>(pkId).Get() is { } pk
            ? TypedResults.Ok(pk)
            : Problems.NotFound(ErrorCodes.UnknownPk, $"PK '{pkId}' does not exist.");

    /// <summary>
    /// Without <c>status</c> or with <c>open</c>, the PKs not yet ended (scheduled or running), the soonest to end first:
    /// what a dashboard offers to watch. With <c>ended</c>, the latest to end, the latest first, for their results.
    /// </summary>
    public static async Task<Results<Ok<PkUpdate[]>, ValidationProblem>> ListPks(string? status, IGrainFactory grains)
    {
        var ended = status == "ended";
        if (!ended && status is not (null or "" or "open"))
        {
            return Problems.Validation(new Validation().Require(false, "status", "status must be 'open' or 'ended'."));
        }

        // PKs are set up by operations, so there are a handful open at a time, and the registry keeps a few dozen ended.
        var registry = grains.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key);
        var entries = ended ? await registry.Ended() : await registry.Open();
        var pks = (await Task.WhenAll(entries.Select(entry => grains.GetGrain<IPkGrain>(entry.PkId).Get()))).OfType<PkUpdate>();
        return TypedResults.Ok(ended
            ? pks.ToArray()
            : pks.Where(pk => pk.Status != PkStatus.Ended).OrderBy(pk => pk.EndsAt).ThenBy(pk => pk.PkId, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Today's top entries of a board in a scope (<c>top</c>: 1–500, default 50).</summary>
    public static async Task<Results<Ok<LeaderboardUpdate>, ValidationProblem>> GetLeaderboard(string board, string? scope, int? top, IGrainFactory grains)
    {
        if (top is < 1 or > Leaderboards.MaxTop)
        {
            return Problems.Validation(new Validation().Require(false, "top", $"top must be between 1 and {Leaderboards.MaxTop}."));
        }

        return TypedResults.Ok(await grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Top(board, scope ?? "all", top ?? Leaderboards.DefaultTop));
    }

    /// <summary>The scopes a board has today: <c>all</c>, then regions and teams with a score, for a dashboard to offer.</summary>
    public static async Task<Ok<ImmutableArray<LeaderboardScope>>> GetLeaderboardScopes(string board, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Scopes(board));

    public static async Task<Ok<LeaderboardRank>> GetLeaderboardRank(string board, string id, string? scope, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Rank(board, scope ?? "all", id));
}
