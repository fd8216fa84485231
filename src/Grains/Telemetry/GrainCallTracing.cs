using System.Diagnostics;

namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>
/// Spans for grain calls made inside a trace someone chose to keep: a call whose caller has a recorded activity (an
/// HTTP request sampled in, or a grain call under one) gets a client span, its id travels in the request context, and
/// the callee gets a server span under it. Any other call (timers, reminders, untraced hub methods, Orleans's own) gets
/// nothing. Orleans's own propagation starts a trace at every call that has none and, sampled out, still makes a
/// propagation-only span for it: with every trace kept it cost a fifth of the Edge's throughput in comment-heavy
/// rooms; with these filters (and no span per hub call) the cost is lost in the spread between runs (docs/benchmarks.md).
/// </summary>
public static class GrainCallTracing
{
    public const string SourceName = "PrivateDomain.Realtime.GrainCalls";

    internal const string TraceParentKey = "traceparent";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Runs the call under a new span. Async, so the span as <see cref="Activity.Current"/> and the traceparent in the
    /// request context stay in this call's flow and do not leak back into the caller's.
    /// </summary>
    internal static async Task Invoke(IGrainCallContext context, ActivityKind kind, ActivityContext parent = default)
    {
        var service = context.InterfaceMethod?.DeclaringType?.Name ?? context.InterfaceName;
        using var span = Source.StartActivity($"{service}/{context.MethodName}", kind, parent);
        if (span is null)
        {
            await context.Invoke();
            return;
        }

        span.SetTag("rpc.system", "orleans");
        span.SetTag("rpc.service", service);
        span.SetTag("rpc.method", context.MethodName);
        if (kind == ActivityKind.Client)
        {
            RequestContext.Set(TraceParentKey, span.Id!);
        }

        try
        {
            await context.Invoke();
        }
        catch (Exception ex)
        {
            span.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
