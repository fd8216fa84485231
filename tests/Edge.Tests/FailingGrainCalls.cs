namespace PrivateDomain.Realtime.Edge.Tests;

/// <summary>
/// Fails the calls of one grain method while armed: by default as a cluster that does not answer in time would (the
/// Edge tells the client "unavailable"), or with the exception <c>failure</c> makes. Added to an
/// <see cref="TestSupport.EdgeApplication"/>'s services, it sits in its silo.
/// </summary>
internal sealed class FailingGrainCalls(Type grainInterface, string method, Func<Exception>? failure = null) : IIncomingGrainCallFilter
{
    public volatile bool Armed;

    public Task Invoke(IIncomingGrainCallContext context) =>
        Armed && context.InterfaceMethod?.DeclaringType == grainInterface && context.InterfaceMethod.Name == method
            ? throw (failure?.Invoke() ?? new TimeoutException($"{grainInterface.Name}.{method} did not answer (injected by the test)."))
            : context.Invoke();
}
