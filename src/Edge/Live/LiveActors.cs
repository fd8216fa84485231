using System.Security.Claims;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>Turns a caller's token into the <see cref="Actor"/> a room sees: id, role, and the display name from their profile.</summary>
public static class LiveActors
{
    public const string OpsName = "Operations";

    public static async Task<Actor> Resolve(ClaimsPrincipal user, IGrainFactory grains)
    {
        var userId = user.UserId();
        if (user.IsOps())
        {
            return new Actor(userId, OpsName, Roles.Ops);
        }

        if (user.IsGuide())
        {
            var guide = Validation.IsValidId(userId) ? await grains.GetGrain<IGuideGrain>(userId).GetProfile() : null;
            return new Actor(userId, guide?.Name ?? userId, Roles.Guide);
        }

        if (user.IsInRole(Roles.Dealer))
        {
            // A franchisee watching a room: an account has no display name, so viewers see its id.
            return new Actor(userId, userId, Roles.Dealer);
        }

        var member = Validation.IsValidId(userId) ? await grains.GetGrain<IMemberGrain>(userId).GetProfile() : null;
        return new Actor(userId, member?.Name ?? userId, Roles.Member);
    }
}
