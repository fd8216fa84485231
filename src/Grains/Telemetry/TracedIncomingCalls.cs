using System.Diagnostics;

namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>The callee's side: a server span under the caller's, when the call brought one.</summary>
public sealed class TracedIncomingCalls : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context) =>
        RequestContext.Get(GrainCallTracing.TraceParentKey) is string traceParent
        && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? GrainCallTracing.Invoke(context, ActivityKind.Server, parent)
            : context.Invoke();
}
