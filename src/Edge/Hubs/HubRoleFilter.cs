using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>Refuses a hub call whose <see cref="HubRoleAttribute"/> policy the caller does not meet, as <c>forbidden: …</c>.</summary>
public sealed class HubRoleFilter(IAuthorizationService authorization) : IHubFilter
{
    // Looked up once per method: the filter runs on every comment and like.
    private static readonly ConcurrentDictionary<MethodInfo, string?> PolicyOf = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var policy = PolicyOf.GetOrAdd(invocation.HubMethod, method => method.GetCustomAttribute<HubRoleAttribute>()?.Policy);
        var user = invocation.Context.User ?? new ClaimsPrincipal();
        if (policy is not null && !(await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            throw new HubException(
                $"{EdgeErrorCodes.Forbidden}: The role '{user.FindFirstValue(ClaimNames.Role)}' may not call {invocation.HubMethodName} (docs/api.md lists who may).");
        }

        return await next(invocation);
    }
}
