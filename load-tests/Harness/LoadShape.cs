namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>How a phase drives load (NBomber's "load simulations").</summary>
public abstract record LoadShape
{
    /// <summary>Open model: start requests at a rate going linearly from <paramref name="From"/> to <paramref name="To"/> per second, whatever the answers do.</summary>
    public sealed record Inject(double From, double To) : LoadShape;

    /// <summary>Closed model: <paramref name="Copies"/> virtual users each send the next request when the last one answered.</summary>
    public sealed record KeepConcurrent(int Copies) : LoadShape;
}
