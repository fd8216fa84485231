using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>SignalR's "user" is the token's subject: the member, guide or ops account id.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.FindFirst(ClaimNames.Subject)?.Value;
}
