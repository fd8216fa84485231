using System.Security.Claims;
using PrivateDomain.Realtime.Grains.Interfaces;

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

    /// <summary>The member, their exclusive guide, or operations.</summary>
    public static bool MaySeeMember(this ClaimsPrincipal user, string memberId, string? exclusiveGuideId) =>
        user.IsSelfOrOps(Roles.Member, memberId) || (user.IsGuide() && exclusiveGuideId == user.UserId());
}
