using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

/// <param name="Identities">For a member: the identities the token vouches for, as a sign-in service would after proving them.</param>
public sealed record DevTokenRequest(string? UserId, string? Role, List<MemberIdentity>? Identities = null);
