using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// SignalR's "user" is the token's role and subject together (<c>guide:guide-021</c>). An id names a user within a role
/// only — a guide's id may be some member's too — so a guide's alerts must not reach a member who carries the same id,
/// nor a member's order updates a guide.
/// </summary>
public sealed class RoleAndSubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection.User.FindFirst(ClaimNames.Role)?.Value is { } role && connection.User.FindFirst(ClaimNames.Subject)?.Value is { } subject
            ? Address(role, subject)
            : null;

    /// <summary>The SignalR user that is <paramref name="userId"/> signed in as <paramref name="role"/>.</summary>
    public static string Address(string role, string userId) => $"{role}:{userId}";
}
