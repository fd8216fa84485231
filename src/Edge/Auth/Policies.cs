using Microsoft.AspNetCore.Authorization;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>Authorization policies by role. Finer rules (a member's own order, a store's own guide) live in the handlers.</summary>
public static class Policies
{
    public const string Ops = "ops";
    public const string Member = "member";
    public const string GuideOrOps = "guide-or-ops";
    public const string MemberOrOps = "member-or-ops";
    public const string DealerOrOps = "dealer-or-ops";
    public const string GuideDealerOrOps = "guide-dealer-or-ops";

    public static AuthorizationBuilder AddRealtimePolicies(this AuthorizationBuilder authorization) =>
        authorization
            .SetDefaultPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Ops, p => p.RequireRole(Roles.Ops))
            .AddPolicy(Member, p => p.RequireRole(Roles.Member))
            .AddPolicy(GuideOrOps, p => p.RequireRole(Roles.Guide, Roles.Ops))
            .AddPolicy(MemberOrOps, p => p.RequireRole(Roles.Member, Roles.Ops))
            .AddPolicy(DealerOrOps, p => p.RequireRole(Roles.Dealer, Roles.Ops))
            .AddPolicy(GuideDealerOrOps, p => p.RequireRole(Roles.Guide, Roles.Dealer, Roles.Ops));
}
