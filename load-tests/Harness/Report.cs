using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>What a run measured, printed as a table and written as report.json and report.md.</summary>
public sealed class Report(string scenario, LoadOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Scenario { get; } = scenario;

    public string Command { get; } = "dotnet run -c Release --project load-tests -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));

    public string Machine { get; } =
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024 / 1024 / 1024} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public List<PhaseResult> Phases { get; } = [];

    /// <summary>Facts the scenario checked, each with whether it held.</summary>
    public List<Check> Checks { get; } = [];

    public List<string> Notes { get; } = [];

    public string OutputDirectory { get; } = options.OutputDirectory;

    /// <summary>A run fails on a broken invariant (wrong answers), never on a missed target (a slow machine).</summary>
    public bool Passed => Checks.All(c => c.Held || c.Kind == CheckKind.Target);

    public void Add(PhaseResult result)
    {
        Phases.Add(result);
        Console.WriteLine(FormatRow(result));
    }

    /// <summary>Something that must hold whatever the load (no oversell, no lost message); a failure fails the run.</summary>
    public void Invariant(string fact, bool held, string detail) => Add(new Check(CheckKind.Invariant, fact, held, detail));

    /// <summary>A performance goal from the issue; reported, never failing the run.</summary>
    public void Target(string fact, bool held, string detail) => Add(new Check(CheckKind.Target, fact, held, detail));

    private void Add(Check check)
    {
        Checks.Add(check);
        var verdict = (check.Held, check.Kind) switch
        {
            (true, _) => "ok    ",
            (false, CheckKind.Target) => "missed",
            _ => "FAIL  ",
        };
        Console.WriteLine($"  {verdict} {check.Kind.ToString().ToLowerInvariant()}: {check.Fact}: {check.Detail}");
    }

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(OutputDirectory, "report.json"), JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(Path.Combine(OutputDirectory, "report.md"), ToMarkdown());
        Console.WriteLine($"report: {Path.Combine(OutputDirectory, "report.md")}");
    }

    public static string Header =>
        $"{"system",-28} {"phase",-22} {"ok",9} {"fail",7} {"ok/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}";

    private static string FormatRow(PhaseResult r) =>
        FormattableString.Invariant($"{r.System,-28} {r.Phase + (r.IsRampUp ? " (ramp)" : ""),-22} {r.Ok,9} {r.Failed,7} {r.OkPerSecond,9:0.0} {r.P50Ms,8:0.00} {r.P90Ms,8:0.00} {r.P99Ms,8:0.00} {r.MaxMs,8:0.00}")
        + (r.Errors.Count > 0 ? "  errors: " + string.Join(", ", r.Errors.Select(e => FormattableString.Invariant($"{e.Key} x{e.Value}"))) : "")
        + (r.Metrics.Count > 0 ? "  " + string.Join(", ", r.Metrics.Select(m => FormattableString.Invariant($"{m.Key}={m.Value:0.###}"))) : "");

    private string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Scenario}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- command: `{Command}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Machine}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- started: {StartedAt:u}");
        md.AppendLine();
        md.AppendLine("| system | phase | ok | fail | ok/s | p50 ms | p90 ms | p99 ms | max ms | errors | other |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|");
        foreach (var r in Phases)
        {
            md.AppendLine(
                FormattableString.Invariant($"| {r.System} | {r.Phase}{(r.IsRampUp ? " (ramp-up)" : "")} | {r.Ok} | {r.Failed} | {r.OkPerSecond:0.0} | {r.P50Ms:0.00} | {r.P90Ms:0.00} | {r.P99Ms:0.00} | {r.MaxMs:0.00} | ")
                + string.Join(", ", r.Errors.Select(e => FormattableString.Invariant($"{e.Key} ×{e.Value}"))) + " | "
                + string.Join(", ", r.Metrics.Select(m => FormattableString.Invariant($"{m.Key} {m.Value:0.###}"))) + " |");
        }

        if (Checks.Count > 0)
        {
            md.AppendLine();
            foreach (var check in Checks)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {(check.Held ? "✅" : check.Kind == CheckKind.Target ? "⚠️ target missed:" : "❌")} {check.Fact}: {check.Detail}");
            }
        }

        foreach (var note in Notes)
        {
            md.AppendLine().AppendLine(note);
        }

        return md.ToString();
    }
}

public enum CheckKind
{
    Invariant,
    Target,
}

public sealed record Check(CheckKind Kind, string Fact, bool Held, string Detail);
