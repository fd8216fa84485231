namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>What one phase of one scenario measured. <see cref="Metrics"/> carries scenario-specific figures (server CPU, open reservations...).</summary>
public sealed record PhaseResult(
    string Scenario,
    string System,
    string Phase,
    bool IsRampUp,
    double Seconds,
    long Ok,
    long Failed,
    double OkPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, double> Metrics)
{
    public static PhaseResult From(string scenario, string system, LoadPhase phase, TimeSpan elapsed, StepStats stats, IReadOnlyDictionary<string, double>? metrics = null) =>
        new(scenario, system, phase.Name, phase.IsRampUp, Math.Round(elapsed.TotalSeconds, 2), stats.Ok, stats.Failed,
            Math.Round(stats.Ok / Math.Max(elapsed.TotalSeconds, 0.001), 1),
            stats.PercentileMs(50), stats.PercentileMs(90), stats.PercentileMs(99), stats.MaxMs,
            new Dictionary<string, long>(stats.Errors), metrics ?? new Dictionary<string, double>());
}
