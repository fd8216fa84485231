using System.Diagnostics;

namespace PrivateDomain.Realtime.Grains.Telemetry;

/// <summary>The caller's side: a client span, and its id in the request context for the callee.</summary>
public sealed class TracedOutgoingCalls : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context) =>
        Activity.Current is { Recorded: true } ? GrainCallTracing.Invoke(context, ActivityKind.Client) : context.Invoke();
}
