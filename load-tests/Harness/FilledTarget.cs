using System.Globalization;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>
/// One system measured on a target filled beforehand — a guide's day with sales counted, a room with orders taken —
/// to show whether its cost grows with the fill: a warm-up on a target of its own, then the filled target at a fixed
/// rate (open model: latency, server CPU) and at a fixed concurrency (closed model: the most it absorbs), each phase
/// with the fill at its start and end.
/// </summary>
/// <param name="Scenario">The scenario's name, for the report.</param>
/// <param name="System">The system measured.</param>
/// <param name="Filled">What the fill counts ("counted", "taken"), in phase names and metrics.</param>
/// <param name="PerCpu">The metric of steps per server CPU-second ("sales per CPU-s").</param>
/// <param name="Size">The fill the target starts with.</param>
/// <param name="Prefill">How long filling it took.</param>
/// <param name="Server">The server process, when it runs apart from the generator.</param>
/// <param name="WarmStep">A step on the warm-up target.</param>
/// <param name="Step">A step on the filled target.</param>
/// <param name="Fill">Reads the filled target's fill now.</param>
public sealed record FilledTarget(
    string Scenario, string System, string Filled, string PerCpu, int Size, TimeSpan Prefill, ProcessUsage? Server,
    ScenarioRunner.Step WarmStep, ScenarioRunner.Step Step, Func<Task<int>> Fill)
{
    /// <summary>Runs the phases into the report; returns the closed phase's rate.</summary>
    public async Task<double> MeasureAsync(Report report, LoadOptions options, double rate, int copies, CancellationToken cancellationToken)
    {
        var warmUp = new LoadPhase("warm-up", options.RampUp, new LoadShape.Inject(rate / 4, rate), IsRampUp: true);
        var (warmStats, warmElapsed) = await ScenarioRunner.RunAsync(warmUp, WarmStep, cancellationToken);
        report.Add(PhaseResult.From(Scenario, System, warmUp, warmElapsed, warmStats));

        PhaseResult? result = null;
        foreach (var steady in new[]
        {
            new LoadPhase(string.Create(CultureInfo.InvariantCulture, $"{Size:N0} {Filled}, {rate:0}/s"), options.Duration, new LoadShape.Inject(rate, rate)),
            new LoadPhase($"{Size:N0} {Filled}, {copies:N0} concurrent", options.Duration, new LoadShape.KeepConcurrent(copies)),
        })
        {
            var metrics = new Dictionary<string, double>
            {
                ["prefill s"] = Math.Round(Prefill.TotalSeconds, 1),
                [$"{Filled} at start"] = await Fill(),
            };
            var usage = PhaseUsage.Start(Server);
            var (stats, elapsed) = await ScenarioRunner.RunAsync(steady, Step, cancellationToken);
            if (usage.Stop(elapsed, metrics) is { } cpu)
            {
                metrics[PerCpu] = Math.Round(stats.Ok / Math.Max(cpu, 0.001), 0);
            }

            metrics[$"{Filled} at end"] = await Fill();
            result = PhaseResult.From(Scenario, System, steady, elapsed, stats, metrics);
            report.Add(result);
        }

        return result!.OkPerSecond;
    }

    /// <summary>
    /// The targets of a scenario measured this way: the system keeps its pace from the least to the most filled target
    /// (≥ 0.7×), and at each fill absorbs at least the PostgreSQL peer's rate. <paramref name="throughput"/> holds the
    /// closed phases' rates by system ("grain", "postgres") and fill.
    /// </summary>
    public static void ReportTargets(
        Report report, string subject, string paceFill, string peerFill, int[] sizes, IReadOnlyDictionary<(string System, int Size), double> throughput)
    {
        var (few, many) = (sizes[0], sizes[^1]);
        var steadiness = throughput[("grain", many)] / throughput[("grain", few)];
        report.Target($"{subject} keeps its pace from {few:N0} to {many:N0} {paceFill} (≥ 0.7×)", steadiness >= 0.7, $"{steadiness:0.00}×");
        foreach (var size in sizes)
        {
            var ratio = throughput[("grain", size)] / Math.Max(1, throughput[("postgres", size)]);
            report.Target($"{subject} ≥ PostgreSQL peer at {size:N0} {peerFill}", ratio >= 1,
                $"{ratio:0.00}× ({throughput[("grain", size)]:0}/s vs {throughput[("postgres", size)]:0}/s)");
        }
    }
}
