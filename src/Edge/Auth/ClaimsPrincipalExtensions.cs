using System.Security.Claims;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's user id (member, guide or ops account id).</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimNames.Subject) ?? throw new InvalidOperationException("An authenticated caller has no subject claim.");

    public static bool IsOps(this ClaimsPrincipal user) => user.IsInRole(Roles.Ops);

    public static bool IsGuide(this ClaimsPrincipal user) => user.IsInRole(Roles.Guide);

    public static bool IsMember(this ClaimsPrincipal user) => user.IsInRole(Roles.Member);

    /// <summary>Whether the caller's sign-in proved they hold <paramref name="identity"/> (<see cref="ClaimNames.Identity"/>).</summary>
    public static bool VouchesFor(this ClaimsPrincipal user, MemberIdentity identity) => user.HasClaim(ClaimNames.Identity, identity.Key);
}
