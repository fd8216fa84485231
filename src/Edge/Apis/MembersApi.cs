using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>Members: their own profile, identities, exclusive guide, browsing; their guide sees and rewards them.</summary>
public static class MembersApi
{
    // By name only: Enum.TryParse would also take "1", or "Paid, Fulfilled" as flags.
    private static readonly Dictionary<string, OrderStatus> OrderStatusNames =
        Enum.GetValues<OrderStatus>().ToDictionary(status => status.ToString(), StringComparer.OrdinalIgnoreCase);

    public static IEndpointRouteBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/members").WithTags("Members").RequireAuthorization().RequireRateLimiting(RateLimitExtensions.PerUserPolicy);
        api.MapGet("/resolve", ResolveIdentity).RequireAuthorization(Policies.Ops);
        api.MapPut("/{memberId}", PutMember).RequireAuthorization(Policies.MemberOrOps);
        api.MapGet("/{memberId}", GetMember);
        api.MapGet("/{memberId}/orders", GetMemberOrders).RequireAuthorization(Policies.MemberOrOps);
        api.MapPost("/{memberId}/guide", BindGuide).RequireAuthorization(Policies.MemberOrOps);
        api.MapPost("/{memberId}/browse", RecordBrowse).RequireAuthorization(Policies.Member);
        api.MapPost("/{memberId}/coupons", GrantCoupon).RequireAuthorization(Policies.GuideOrOps);
        return app;
    }

    public static async Task<Results<Ok<MemberProfile>, ValidationProblem, ProblemHttpResult>> PutMember(string memberId, MemberRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var update = new MemberUpdate(request.Name?.Trim() ?? "", [.. request.Identities ?? []], request.Tags is null ? null : [.. request.Tags]);
        var validation = update.Validate().RequireId(memberId, "memberId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Member, memberId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A member updates their own profile only.");
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        if (!user.IsOps() && await NotVouchedFor(update.Identities, user, member) is { } unproved)
        {
            return Problems.Forbidden(EdgeErrorCodes.IdentityNotVouched,
                $"This sign-in does not vouch for identity '{unproved.Key}': a member adds only identities their token carries (operations may add any).");
        }

        return TypedResults.Ok(await member.Upsert(update));
    }

    /// <summary>
    /// The first identity of the update that the caller's token does not vouch for and the member does not hold already
    /// (identities are only ever added, so one held now stays held); null when there is none.
    /// </summary>
    private static async Task<MemberIdentity?> NotVouchedFor(ImmutableArray<MemberIdentity> identities, ClaimsPrincipal user, IMemberGrain member)
    {
        var unvouched = identities.Where(i => !user.VouchesFor(i)).ToList();
        if (unvouched.Count == 0)
        {
            return null;
        }

        var held = (await member.GetProfile())?.Identities ?? [];
        return unvouched.FirstOrDefault(i => !held.Contains(i));
    }

    public static async Task<Results<Ok<MemberProfile>, ProblemHttpResult>> GetMember(string memberId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var profile = Validation.IsValidId(memberId) ? await grains.GetGrain<IMemberGrain>(memberId).GetProfile() : null;
        if (profile is null)
        {
            return UnknownMember(memberId);
        }

        return user.MaySeeMember(memberId, profile.GuideId)
            ? TypedResults.Ok(profile)
            : Problems.Forbidden(EdgeErrorCodes.Forbidden, "Only the member, their guide and operations see a member's profile.");
    }

    public static async Task<Results<Ok<MemberOrderPage>, ValidationProblem, ProblemHttpResult>> GetMemberOrders(
        string memberId, string? liveRoomId, string? before, int? take, string? status, ClaimsPrincipal user, IGrainFactory grains)
    {
        var statuses = OrderStatuses(status);
        var validation = new Validation()
            .RequireId(memberId, "memberId")
            .Require(statuses is not null, "status", $"status is one or more of {string.Join(", ", Enum.GetNames<OrderStatus>())}, separated by commas.")
            .Require(liveRoomId is null || Validation.IsValidId(liveRoomId), "liveRoomId", "liveRoomId is a live room's id: only the orders placed in it are listed.")
            .Require(before is null || Validation.IsValidId(before), "before", "before is an order id: the page starts after that order.")
            .Require(take is null or >= 1 and <= MemberOrderPage.MaxTake, "take", $"take is 1-{MemberOrderPage.MaxTake}.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Member, memberId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A member sees their own orders only.");
        }

        if (await grains.GetGrain<IMemberGrain>(memberId).GetProfile() is null)
        {
            return UnknownMember(memberId);
        }

        var page = await grains.GetGrain<IMemberOrdersGrain>(memberId).List(liveRoomId, before, take ?? MemberOrderPage.DefaultTake, statuses);
        return page is null
            ? Problems.Validation("before", $"Member '{memberId}' placed no order '{before}'.")
            : TypedResults.Ok(page);
    }

    /// <summary>`paid` or `reserved,paid` (any case) as statuses; none for no `status`; null for a name that is not one.</summary>
    private static OrderStatus[]? OrderStatuses(string? status)
    {
        var statuses = new HashSet<OrderStatus>();
        foreach (var name in status?.Split(',', StringSplitOptions.TrimEntries) ?? [])
        {
            if (!OrderStatusNames.TryGetValue(name, out var found))
            {
                return null;
            }

            statuses.Add(found);
        }

        return [.. statuses];
    }

    public static async Task<Results<Ok<MemberProfile>, ValidationProblem, ProblemHttpResult>> ResolveIdentity(
        [Required] string? channel, [Required] string? id, IGrainFactory grains)
    {
        var validation = new Validation()
            .Require(MemberIdentity.IsValidChannel(channel), "channel", $"channel is required: {string.Join(", ", IdentityChannel.All)}.")
            .Require(MemberIdentity.IsValidId(id), "id", $"id is required: 1-{MemberIdentity.MaxIdLength} visible characters.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var owner = await grains.GetGrain<IIdentityGrain>(new MemberIdentity(channel!, id!).Key).GetOwner();
        var profile = owner is null ? null : await grains.GetGrain<IMemberGrain>(owner).GetProfile();
        return profile is null
            ? Problems.NotFound(ErrorCodes.UnknownMember, $"No member is known by {channel} '{id}'.")
            : TypedResults.Ok(profile);
    }

    public static async Task<Results<Ok<GuideBinding>, ValidationProblem, ProblemHttpResult>> BindGuide(string memberId, BindGuideRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(memberId, "memberId").RequireId(request.GuideId, "guideId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (!user.IsSelfOrOps(Roles.Member, memberId))
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A member binds their own exclusive guide only.");
        }

        // A member's scan binds only if no guide is bound yet; operations reassign.
        return TypedResults.Ok(await grains.GetGrain<IMemberGrain>(memberId).BindGuide(request.GuideId!, reassign: user.IsOps()));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RecordBrowse(string memberId, BrowseRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var validation = new Validation().RequireId(memberId, "memberId").RequireId(request.Sku, "sku").RequireId(request.StoreId, "storeId");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        if (user.UserId() != memberId)
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "A member records their own views only.");
        }

        await grains.GetGrain<IMemberGrain>(memberId).RecordBrowse(request.Sku!, request.StoreId!);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Coupon>, ValidationProblem, ProblemHttpResult>> GrantCoupon(string memberId, CouponRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var coupon = new Coupon(request.CouponId ?? "", request.AmountOff ?? 0, request.MinSpend ?? 0, request.ExpiresAt ?? default);
        // A client's coupon id is an id like any other; only the system names longer ones (a live room's dropped coupons).
        var validation = coupon.Validate().RequireId(request.CouponId, "couponId").Require(request.ExpiresAt is not null, "expiresAt", "expiresAt is required.");
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }

        var member = grains.GetGrain<IMemberGrain>(memberId);
        var profile = Validation.IsValidId(memberId) ? await member.GetProfile() : null;
        if (profile is null)
        {
            return UnknownMember(memberId);
        }

        if (!user.IsOps() && profile.GuideId != user.UserId())
        {
            return Problems.Forbidden(EdgeErrorCodes.Forbidden, "Only the member's exclusive guide or operations grant them coupons.");
        }

        return TypedResults.Ok(await member.GrantCoupon(coupon));
    }

    private static ProblemHttpResult UnknownMember(string memberId) =>
        Problems.NotFound(ErrorCodes.UnknownMember, $"Member '{memberId}' does not exist.");
}
