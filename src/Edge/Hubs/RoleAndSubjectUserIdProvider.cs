using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// SignalR's "user" is the token's role and subject together (<see cref="ClaimsPrincipalExtensions.UserKey"/>), so a
/// guide's alerts do not reach a member who carries the same id, nor a member's order updates a guide.
/// </summary>
public sealed class RoleAndSubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection.User.FindFirst(ClaimNames.Subject) is null ? null : connection.User.UserKey();
}
