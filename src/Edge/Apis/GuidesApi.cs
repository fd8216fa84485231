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

/// <summary>Guides: operations define them and give them tasks; a guide sees their own figures, customers and tasks.</summary>
public static class GuidesApi
{
    public static IEndpointRouteBuilder MapGuidesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/guides").WithTags("Guides").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapPut("/{guideId}", PutGuide).RequireAuthorization(Policies.Ops);
        api.MapGet("/{guideId}", GetGuide).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/days", GetGuideDays).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/customers", GetGuideCustomers).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/customers/page", GetGuideCustomerPage).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/follow-ups", GetFollowUps).RequireAuthorization(Policies.GuideOrOps);
        api.MapDelete("/{guideId}/follow-ups/{memberId}/{sku}", DismissFollowUp).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/{guideId}/tasks", AssignTask).RequireAuthorization(Policies.Ops);
        api.MapGet("/{guideId}/tasks", GetGuideTasks).RequireAuthorization(Policies.GuideOrOps);
        api.MapGet("/{guideId}/tasks/{taskId}", GetGuideTask).RequireAuthorization(Policies.GuideOrOps);
        api.MapPost("/{guideId}/tasks/{taskId}/forwards", ReportForward).RequireAuthorization(Policies.GuideOrOps);
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
        if (!user.IsSelfOrOps(Roles.Guide, guideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide sees their own figures only.");
        }

        var view = Validation.IsValidId(guideId) ? await grains.GetGrain<IGuideGrain>(guideId).GetView() : null;
        return view is null ? UnknownGuide(guideId) : TypedResults.Ok(view);
    }

    /// <summary>Today's figures and those of the days before that the guide's figures keep, the latest first.</summary>
    public static async Task<Results<Ok<ImmutableArray<GuidePerformance>>, ProblemHttpResult>> GetGuideDays(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsSelfOrOps(Roles.Guide, guideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide sees their own figures only.");
        }

        var days = Validation.IsValidId(guideId) ? await grains.GetGrain<IGuideGrain>(guideId).GetDays() : null;
        return days is { } found ? TypedResults.Ok(found) : UnknownGuide(guideId);
    }

    public static async Task<Results<Ok<ImmutableArray<GuideCustomer>>, ProblemHttpResult>> GetGuideCustomers(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (guide, problem) = await ReadableGuide(guideId, user, grains, "customers");
        return guide is null ? problem! : TypedResults.Ok(await guide.GetCustomers());
    }

    /// <summary>The guide's customers a page at a time, the latest bound first, each with what the guide's list shows.</summary>
    public static async Task<Results<Ok<CustomerCardPage>, ValidationProblem, ProblemHttpResult>> GetGuideCustomerPage(
        string guideId, string? after, int? take, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation()
            .Require(after is null || Validation.IsValidId(after), "after", "after is a member id: the page starts after that customer.")
            .Require(take is null or >= 1 and <= GuideCustomerPage.MaxTake, "take", $"take is 1-{GuideCustomerPage.MaxTake}.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var (guide, problem) = await ReadableGuide(guideId, user, grains, "customers");
        if (guide is null)
        {
            return problem!;
        }

        var page = await guide.GetCustomerPage(after, take ?? GuideCustomerPage.DefaultTake);
        if (page is null)
        {
            return Problems.Validation("after", $"Member '{after}' is not a customer of guide '{guideId}'.");
        }

        // A page is at most a hundred members, each read from its own grain at once.
        var profiles = await Task.WhenAll(page.Customers.Select(customer => grains.GetGrain<IMemberGrain>(customer.MemberId).GetProfile()));
        var cards = page.Customers.Zip(profiles, (customer, profile) => new CustomerCard(customer.MemberId, customer.BoundAt,
            profile?.Name ?? "", profile?.Tags ?? [], profile?.Tier ?? default, profile?.Points ?? 0, profile?.PaidSpend ?? 0, profile?.LastStoreId));
        return TypedResults.Ok(new CustomerCardPage([.. cards], page.Next));
    }

    /// <summary>The members to follow up on, the latest first: each <c>browse-without-buy</c> alert, kept for the browse window.</summary>
    public static async Task<Results<Ok<ImmutableArray<FollowUp>>, ProblemHttpResult>> GetFollowUps(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (guide, problem) = await ReadableGuide(guideId, user, grains, "follow-ups");
        return guide is null ? problem! : TypedResults.Ok(await grains.GetGrain<IGuideFollowUpsGrain>(guideId).List());
    }

    /// <summary>The guide has followed the member up on the SKU: it leaves the list (also when it was not on it).</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DismissFollowUp(
        string guideId, string memberId, string sku, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(memberId, "memberId").RequireId(sku, "sku");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var (guide, problem) = await ReadableGuide(guideId, user, grains, "follow-ups");
        if (guide is null)
        {
            return problem!;
        }

        await grains.GetGrain<IGuideFollowUpsGrain>(guideId).Remove(memberId, sku);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<GuideTask>, ValidationProblem, ProblemHttpResult>> AssignTask(string guideId, GuideTaskRequest request, IGrainFactory grains)
    {
        var terms = new AssignGuideTask(request.TaskId ?? "", request.Kind ?? default, request.Title?.Trim() ?? "", request.Target ?? 0, request.Coins ?? 0, request.DueAt ?? default);
        var validation = terms.Validate()
            .Require(request.Kind is not null, "kind", "kind is required: 'add-customers', 'forward-material' or 'go-live'.")
            .Require(request.DueAt is not null, "dueAt", "dueAt is required.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!Validation.IsValidId(guideId))
        {
            return UnknownGuide(guideId);
        }

        var task = await grains.GetGrain<IGuideGrain>(guideId).AssignTask(terms);
        return TypedResults.Created($"/api/guides/{guideId}/tasks/{task.TaskId}", task);
    }

    public static async Task<Results<Ok<ImmutableArray<GuideTask>>, ProblemHttpResult>> GetGuideTasks(string guideId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (guide, problem) = await ReadableGuide(guideId, user, grains, "tasks");
        return guide is null ? problem! : TypedResults.Ok(await guide.GetTasks());
    }

    public static async Task<Results<Ok<GuideTask>, ProblemHttpResult>> GetGuideTask(string guideId, string taskId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (guide, problem) = await ReadableGuide(guideId, user, grains, "tasks");
        if (guide is null)
        {
            return problem!;
        }

        return Validation.IsValidId(taskId) && await guide.GetTask(taskId) is { } task
            ? TypedResults.Ok(task)
            : Problems.NotFound(ErrorCodes.UnknownTask, $"Task '{taskId}' does not exist.");
    }

    public static async Task<Results<Ok<GuideTask>, ValidationProblem, ProblemHttpResult>> ReportForward(string guideId, string taskId, ForwardRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(request.ForwardId, "forwardId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Guide, guideId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A guide reports their own forwards only.");
        }

        if (!Validation.IsValidId(guideId))
        {
            return UnknownGuide(guideId);
        }

        if (!Validation.IsValidId(taskId))
        {
            return Problems.NotFound(ErrorCodes.UnknownTask, $"Task '{taskId}' does not exist.");
        }

        return TypedResults.Ok(await grains.GetGrain<IGuideGrain>(guideId).ReportForward(taskId, request.ForwardId!));
    }

    /// <summary>The guide, when it exists and the caller is that guide or ops; else the problem to answer.</summary>
    private static async Task<(IGuideGrain? Guide, ProblemHttpResult? Problem)> ReadableGuide(string guideId, ClaimsPrincipal user, IGrainFactory grains, string what)
    {
        if (!user.IsSelfOrOps(Roles.Guide, guideId))
        {
            return (null, Problems.Forbidden(EdgeErrorCodes.Forbidden, $"A guide sees their own {what} only."));
        }

        var guide = grains.GetGrain<IGuideGrain>(guideId);
        return Validation.IsValidId(guideId) && await guide.GetProfile() is not null ? (guide, null) : (null, UnknownGuide(guideId));
    }

    private static ProblemHttpResult UnknownGuide(string guideId) =>
        Problems.NotFound(ErrorCodes.UnknownGuide, $"Guide '{guideId}' does not exist.");
}
