using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Grains.Telemetry;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// docs/operations.md's Metrics table is what operators build dashboards from: it must list every instrument the
/// project's meter publishes, and nothing that no longer exists.
/// </summary>
public sealed class MetricDocsTests
{
    [Fact]
    public void EveryInstrumentOfTheProjectsMeter_IsInTheOperationsDocs()
    {
        var published = PublishedInstruments();
        var docs = RepositoryFiles.ReadAllText("docs", "operations.md");
        var documented = docs.Split('\n')
            .Where(line => line.StartsWith("| `realtime.", StringComparison.Ordinal))
            .Select(line => line.Split('`')[1])
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(published.Count >= 10, "fewer than ten instruments published; has the meter lost some?");
        Assert.Empty(published.Where(name => !documented.Contains(name)).Order());
        Assert.Empty(documented.Where(name => !published.Contains(name)).Order());
    }

    /// <summary>The name of each instrument the Edge's and the grains' metrics create on the project's meter.</summary>
    private static HashSet<string> PublishedInstruments()
    {
        var instruments = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == GrainMetrics.MeterName)
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument.Name);
                    }
                }
            },
        };
        listener.Start();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        _ = new GrainMetrics(meters);
        _ = new EdgeMetrics(meters);
        return instruments;
    }
}
