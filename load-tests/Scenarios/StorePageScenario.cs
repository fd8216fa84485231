using System.Net;
using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Members browsing store pages of the demo brand (60 stores, 200 SKUs each with the region's stock), open model:
/// ramp up to the rate, hold it; first the whole page, then at the same rate its first 20 SKUs (<c>?take=20</c>, a
/// mini-program's first screen). Each page is a StoreGrain call that joins the SKU index and the regional stock.
/// </summary>
public sealed class StorePageScenario : IScenario
{
    private const string DemoStorePrefixes = "sh,bj,hz";

    public string Name => "store-page";

    public string Description => "GET /api/stores/{id}/page across the 60 demo stores at a steady request rate";

    public bool CanTarget => true;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, new Dictionary<string, string> { ["Demo:Enabled"] = "true" }, cancellationToken);
        var system = edge.Label("edge (embedded, memory)");
        var members = await edge.TokensAsync("member", "member", 200, cancellationToken);
        var stores = DemoStorePrefixes.Split(',').SelectMany(prefix => Enumerable.Range(1, 20).Select(i => $"{prefix}-{i:00}")).ToArray();
        var rate = options.Rate ?? 1000;

        ScenarioRunner.Step OpenPage(string query) => async (i, ct) =>
        {
            using var request = EdgeUnderTest.Request(HttpMethod.Get, $"/api/stores/{stores[i % stores.Length]}/page{query}", members[i % members.Length]);
            using var response = await edge.Http.SendAsync(request, ct);
            return await EdgeUnderTest.OutcomeAsync(response, HttpStatusCode.OK, ct);
        };

        Console.WriteLine(Report.Header);
        var rampUp = new LoadPhase("ramp-up", options.RampUp, new LoadShape.Inject(rate / 10, rate), IsRampUp: true);
        var (rampStats, rampElapsed) = await ScenarioRunner.RunAsync(rampUp, OpenPage(""), cancellationToken);
        report.Add(PhaseResult.From(Name, system, rampUp, rampElapsed, rampStats));

        var failed = 0L;
        foreach (var (phase, query) in new[] { ("steady", ""), ("steady, first 20", "?take=20") })
        {
            var steady = new LoadPhase(phase, options.Duration, new LoadShape.Inject(rate, rate));
            var usage = PhaseUsage.Start(edge.Usage());
            var (stats, elapsed) = await ScenarioRunner.RunAsync(steady, OpenPage(query), cancellationToken);
            var metrics = new Dictionary<string, double> { ["target rate/s"] = rate };
            usage.Stop(elapsed, metrics);
            report.Add(PhaseResult.From(Name, system, steady, elapsed, stats, metrics));
            failed += stats.Failed;
        }

        report.Invariant("every page answered 200", failed == 0, $"{failed} failed");
    }
}
