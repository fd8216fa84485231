using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Hubs;

/// <summary>
/// With traces on, a hub method would otherwise run under its connection's HTTP request span, which lasts as long as
/// the connection: every comment, like and buy of that viewer would become a span of one trace hours long. Each call
/// of a <see cref="TracedAttribute"/> method starts a trace of its own instead (sampled like an HTTP request; the
/// grain calls it makes join it), and every other call — comments and likes, a room's bulk traffic, which the
/// metrics describe better — runs outside any trace.
/// </summary>
public sealed class HubCallTracing : IHubFilter
{
    public const string SourceName = "PrivateDomain.Realtime.HubCalls";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Each hub method's span name, or null when it is not traced; reflection once per method, not per call.</summary>
    private static readonly ConcurrentDictionary<MethodInfo, string?> SpanNames = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        // Async, so clearing it here leaves the connection's own flow as it was.
        Activity.Current = null;
        var name = SpanNames.GetOrAdd(invocation.HubMethod, static method =>
            method.IsDefined(typeof(TracedAttribute)) ? $"{method.DeclaringType!.Name}/{method.Name}" : null);
        using var span = name is null ? null : Source.StartActivity(name, ActivityKind.Server, parentContext: default);
        if (span is null)
        {
            return await next(invocation);
        }

        span.SetTag("rpc.system", "signalr");
        span.SetTag("rpc.service", invocation.Hub.GetType().Name);
        span.SetTag("rpc.method", invocation.HubMethodName);
        try
        {
            return await next(invocation);
        }
        catch (Exception ex)
        {
            span.SetStatus(ActivityStatusCode.Error, ex is DomainException refused ? refused.Code : ex.GetType().Name);
            throw;
        }
    }
}
