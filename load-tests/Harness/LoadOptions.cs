using System.Globalization;

namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>
/// <c>dotnet run -c Release --project load-tests -- &lt;scenario&gt; [--duration S] [--rate R] [--concurrency N]
/// [--target URL] [--output DIR] [--postgres CS] [--quick] [--only A,B] [--case NAME]</c>
/// </summary>
public sealed record LoadOptions(
    string Scenario,
    TimeSpan Duration,
    double? Rate,
    int? Concurrency,
    Uri? Target,
    string OutputDirectory,
    string? PostgresAdmin,
    bool Quick,
    IReadOnlySet<string> Only)
{
    public const string Usage = """
        usage: load-tests <scenario> [options]

          --duration S      steady phase length in seconds (default 30; ramp-up is a third of it, at most 10 s)
          --rate R          open-model scenarios: requests per second in the steady phase
          --concurrency N   closed-model scenarios: concurrent virtual users
          --target URL      a running Edge (Development environment, for tokens; store-page and checkout only); default: start the embedded system
          --output DIR      where report.json and report.md go (default: current directory)
          --postgres CS     PostgreSQL admin connection for scenarios that need it (default: $TEST_POSTGRES_CONNECTION)
          --quick           smaller fixtures, for smoke runs
          --only A,B        measure only these systems of a multi-system scenario (e.g. grain,http)
          --case NAME       run only this case of a scenario with several (e.g. live-rooms --case many-rooms)
        """;

    /// <summary>Whether a system of a multi-system scenario is to be measured (all are, unless --only names some).</summary>
    public bool Measures(string system) => Only.Count == 0 || Only.Contains(system);

    /// <summary>The one case to run (<c>--case</c>), or null for all.</summary>
    public string? Case { get; init; }

    /// <summary>Whether a case of a scenario with several is to be run.</summary>
    public bool Runs(string caseName) => Case is null || string.Equals(Case, caseName, StringComparison.OrdinalIgnoreCase);

    public TimeSpan RampUp => TimeSpan.FromSeconds(Math.Clamp(Duration.TotalSeconds / 3, 1, 10));

    public static LoadOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("name a scenario");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var name = args[i][2..];
            values[name] = name == "quick" ? "true" : i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{name} needs a value");
        }

        var known = new[] { "duration", "rate", "concurrency", "target", "output", "postgres", "quick", "only", "case" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"unknown option --{unknown}");
        }

        return new LoadOptions(
            args[0],
            TimeSpan.FromSeconds(values.TryGetValue("duration", out var d) ? Positive(d, "duration") : 30),
            values.TryGetValue("rate", out var r) ? Positive(r, "rate") : null,
            values.TryGetValue("concurrency", out var c) ? (int)Positive(c, "concurrency") : null,
            values.TryGetValue("target", out var t) ? new Uri(t!) : null,
            values.GetValueOrDefault("output") ?? Directory.GetCurrentDirectory(),
            values.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("TEST_POSTGRES_CONNECTION"),
            values.ContainsKey("quick"),
            (values.GetValueOrDefault("only") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase))
        {
            Case = values.GetValueOrDefault("case"),
        };
    }

    private static double Positive(string? text, string name) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a positive number");
}
