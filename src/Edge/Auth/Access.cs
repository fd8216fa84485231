using System.Security.Claims;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>Ownership rules that roles alone cannot express.</summary>
public static class Access
{
    /// <summary>
    /// Operations, or the caller signed in as <paramref name="role"/> under <paramref name="userId"/>. An id names a user
    /// within a role only — a guide's id may be some member's too — so a token of another role with the same id is not them.
    /// </summary>
    public static bool IsSelfOrOps(this ClaimsPrincipal user, string role, string userId) =>
        user.IsOps() || (user.IsInRole(role) && user.UserId() == userId);

    /// <summary>Operations, or a guide who works in <paramref name="storeId"/>.</summary>
    public static async Task<bool> IsStaffOfAsync(this ClaimsPrincipal user, string storeId, IGrainFactory grains) =>
        user.IsOps()
        || (user.IsGuide() && (await grains.GetGrain<IGuideGrain>(user.UserId()).GetProfile())?.StoreId == storeId);

    /// <summary>The franchisee that owns <paramref name="store"/>: a dealer signed in under its owner account, if it is a franchise store.</summary>
    public static bool IsFranchiseeOf(this ClaimsPrincipal user, StoreProfile store) =>
        store.Ownership == StoreOwnership.Franchise && user.IsInRole(Roles.Dealer) && user.UserId() == store.OwnerAccountId;

    /// <summary>Who sees a store's queue and hears it grow: operations, its own guides, and its franchisee.</summary>
    public static async Task<bool> MaySeeQueueOfAsync(this ClaimsPrincipal user, StoreProfile store, IGrainFactory grains) =>
        user.IsFranchiseeOf(store) || await user.IsStaffOfAsync(store.StoreId, grains);

    /// <summary>The member, their exclusive guide, or operations.</summary>
    public static bool MaySeeMember(this ClaimsPrincipal user, string memberId, string? exclusiveGuideId) =>
        user.IsSelfOrOps(Roles.Member, memberId) || (user.IsGuide() && exclusiveGuideId == user.UserId());
}
