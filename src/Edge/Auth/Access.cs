using System.Security.Claims;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Auth;

/// <summary>Ownership rules that roles alone cannot express.</summary>
public static class Access
{
    /// <summary>The member themself, or operations.</summary>
    public static bool IsSelfOrOps(this ClaimsPrincipal user, string userId) => user.IsOps() || user.UserId() == userId;

    /// <summary>Operations, or a guide who works in <paramref name="storeId"/>.</summary>
    public static async Task<bool> IsStaffOfAsync(this ClaimsPrincipal user, string storeId, IGrainFactory grains) =>
        user.IsOps()
        || (user.IsGuide() && (await grains.GetGrain<IGuideGrain>(user.UserId()).GetProfile())?.StoreId == storeId);

    /// <summary>The member, their exclusive guide, or operations.</summary>
    public static bool MaySeeMember(this ClaimsPrincipal user, string memberId, string? exclusiveGuideId) =>
        user.IsSelfOrOps(memberId) || (user.IsGuide() && exclusiveGuideId == user.UserId());
}
