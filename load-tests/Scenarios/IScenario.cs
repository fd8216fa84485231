using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

public interface IScenario
{
    string Name { get; }

    string Description { get; }

    /// <summary>
    /// Whether the scenario can measure a running Edge (<c>--target</c>). One that calls grains as an Orleans client,
    /// measures the Edge's own process or sets its configuration (a database of its own, no demo data) needs the Edge it
    /// starts.
    /// </summary>
    bool CanTarget { get; }

    Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken);
}
