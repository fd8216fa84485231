using System.Diagnostics.Metrics;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Edge.Telemetry;

/// <summary>
/// The Edge's own instruments, on the same meter as the grains' (<see cref="GrainMetrics.MeterName"/>): what the
/// fan-out hubs wrote to their connections and what slow clients lost. Connections themselves are counted by ASP.NET
/// Core (<c>signalr.server.active_connections</c>).
/// </summary>
public sealed class EdgeMetrics
{
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dropped;

    public EdgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GrainMetrics.MeterName);
        _sent = meter.CreateCounter<long>("realtime.edge.messages.sent", "{message}",
            "Updates written to connections by the fan-out hubs (live, scoreboard).");
        _dropped = meter.CreateCounter<long>("realtime.edge.messages.dropped", "{message}",
            "Updates a connection's full send queue dropped because its client read too slowly (it gets the newer ones).");
    }

    /// <summary>The counters of one hub, its tag built once rather than per message.</summary>
    public HubMessages For(string hub) => new(_sent, _dropped, new("hub", hub));

    public sealed class HubMessages(Counter<long> sent, Counter<long> dropped, KeyValuePair<string, object?> hub)
    {
        public void Sent() => sent.Add(1, hub);

        public void Dropped() => dropped.Add(1, hub);
    }
}
