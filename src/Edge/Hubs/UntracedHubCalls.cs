using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// With traces on, a hub method would otherwise run under its connection's HTTP request span, which lasts as long as
/// the connection: every comment, like and buy of that viewer would become a span of one trace hours long, and the
/// grain-call filters would trace them all. Hub calls run outside any trace instead.
/// </summary>
public sealed class UntracedHubCalls : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Async, so clearing it here leaves the connection's own flow as it was.
        Activity.Current = null;
        return await next(invocation);
    }
}
