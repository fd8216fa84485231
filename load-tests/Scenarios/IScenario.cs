using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

public interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken);
}
