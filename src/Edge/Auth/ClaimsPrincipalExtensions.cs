using System.Security.Claims;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's user id (a member's, guide's, operator's or franchisee's account id; see <see cref="UserKey"/>).</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimNames.Subject) ?? throw new InvalidOperationException("An authenticated caller has no subject claim.");

    /// <summary>
    /// The caller as one key, role and id together (<c>guide:guide-021</c>): an id names a user within a role only — a
    /// guide's id may be some member's too — so whatever is a user's own (pushes, a rate limit) is keyed by both.
    /// </summary>
    public static string UserKey(this ClaimsPrincipal user) => UserKeyOf(user.FindFirstValue(ClaimNames.Role) ?? "", user.UserId());

    /// <summary>The <see cref="UserKey"/> of <paramref name="userId"/> signed in as <paramref name="role"/>.</summary>
    public static string UserKeyOf(string role, string userId) => $"{role}:{userId}";

    public static bool IsOps(this ClaimsPrincipal user) => user.IsInRole(Roles.Ops);

    public static bool IsGuide(this ClaimsPrincipal user) => user.IsInRole(Roles.Guide);

    public static bool IsMember(this ClaimsPrincipal user) => user.IsInRole(Roles.Member);

    /// <summary>Whether the caller's sign-in proved they hold <paramref name="identity"/> (<see cref="ClaimNames.Identity"/>).</summary>
    public static bool VouchesFor(this ClaimsPrincipal user, MemberIdentity identity) => user.HasClaim(ClaimNames.Identity, identity.Key);
}
