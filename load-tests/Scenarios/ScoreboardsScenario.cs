using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Paid-sale events for many guides flow into today's leaderboards while ops watch them live. Events enter where paid
/// orders credit a guide (<c>IGuideGrain.RecordSale</c>, from an Orleans client); every 250–350 ms a marker guide gets
/// a sale large enough to lead, and each watcher times how long until a pushed board shows it. The marker guides are
/// also a PK, which one watcher in ten watches and times the same way (the peer has no PK).
/// The peer is Redis: ZINCRBY per event, ZREVRANGE of the top 50 per push.
/// </summary>
public sealed class ScoreboardsScenario : IScenario
{
    private const int Markers = 5;
    private const int PkWatcherEvery = 10;

    public string Name => "scoreboards";

    /// <summary>
    /// The wait between marker sales, drawn afresh each time from 250–350 ms. A fixed 300 ms nearly lines up with the
    /// half-second push cycle, so a run's markers would fall at only a few phases of it and the p99 would move with
    /// which ones (docs/benchmarks.md); drawn, they fall at every phase, for our boards and the peer's alike.
    /// </summary>
    private static Task MarkerPause() => Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(250, 351)), CancellationToken.None);

    public string Description => "sale events/s into live leaderboards with ops watching; Edge vs a Redis sorted-set peer";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var (guides, teams, watchers) = options.Quick ? (500, 10, 20) : (10_000, 50, 200);
        var rate = options.Rate ?? (options.Quick ? 500 : 5_000);
        var copies = options.Concurrency ?? 1_000;
        Console.WriteLine(Report.Header);
        if (options.Measures("edge") && options.Runs("memory"))
        {
            await RunEdge(options, report, null, guides, teams, watchers, rate, copies, cancellationToken);
        }

        // The same events with every guide's day and the boards' facts stored in PostgreSQL, as in production.
        if (options.Measures("edge") && options.Runs("postgres"))
        {
            await using var database = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "scoreboards");
            await RunEdge(options, report, database, guides, teams, watchers, rate, copies, cancellationToken);
        }

        if (options.Measures("redis"))
        {
            await RunRedis(options, report, guides, teams, watchers, rate, copies, cancellationToken);
        }

        if (report.Phases.FirstOrDefault(p => p.System.StartsWith("edge", StringComparison.Ordinal) && p.Phase.StartsWith("max", StringComparison.Ordinal)) is { } edgeMax
            && report.Phases.FirstOrDefault(p => p.System.StartsWith("redis", StringComparison.Ordinal) && p.Phase.StartsWith("max", StringComparison.Ordinal)) is { } redisMax)
        {
            report.Target("events/s absorbed ≥ the Redis peer's (same concurrency)", edgeMax.OkPerSecond >= redisMax.OkPerSecond,
                FormattableString.Invariant($"edge {edgeMax.OkPerSecond:0} vs redis {redisMax.OkPerSecond:0}"));
        }
    }

    private static async Task RunEdge(
        LoadOptions options, Report report, BenchmarkDatabase? database, int guides, int teams, int watcherCount, double rate, int copies, CancellationToken cancellationToken)
    {
        var cluster = database?.SystemSettings() ?? new Dictionary<string, string> { ["Orleans:ClusterId"] = "scoreboards-bench" };

        var system = database is null ? "edge" : "edge on PostgreSQL";
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(
            new Dictionary<string, string>(cluster) { ["Orleans:GatewayPort"] = edge.SiloGatewayPort!.Value.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        var grains = orleans.Grains;
        await grains.GetGrain<IRegionGrain>("shanghai").Define("Shanghai");
        await Task.WhenAll(Enumerable.Range(1, teams).Select(t => grains.GetGrain<IStoreGrain>($"store-{t:00}").Define(new StoreProfile(
            $"store-{t:00}", $"Store {t}", "shanghai", 31.2 + t / 1000.0, 121.4 + t / 1000.0, "brand", StoreOwnership.Direct, true, true))));
        using (var limit = new SemaphoreSlim(64))
        {
            await Task.WhenAll(Enumerable.Range(0, guides + Markers).Select(async g =>
            {
                await limit.WaitAsync(cancellationToken);
                try
                {
                    await grains.GetGrain<IGuideGrain>(GuideId(g)).Define(new GuideProfile(GuideId(g), $"Guide {g}", $"store-{g % teams + 1:00}", $"team-{g % teams + 1:00}"));
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        // The marker guides compete in a PK; only marker sales count for them, so a PK score is a marker guide's total.
        var markerGuides = Enumerable.Range(guides, Markers).Select(GuideId).ToList();
        await grains.GetGrain<IPkGrain>("pk-bench").Create(new CreatePk("Markers", PkMetric.Sales,
            [.. markerGuides.Select(g => new PkParticipant(g, PkParticipantKind.Guide, 100_000_000_000))],
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1)));

        // Ops watch the whole board (most) and their teams' boards; one in ten also the PK.
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        var latency = new StepStats();
        var pkLatency = new StepStats();
        var expected = new ConcurrentDictionary<string, (long Score, long SentAt)>(StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<(int Watcher, string Guide, long Score), byte>();
        var seenOnPk = new ConcurrentDictionary<(int Watcher, string Guide, long Score), byte>();
        var phaseStart = new long[1];
        var connections = new List<HubConnection>();

        // A watcher was shown a guide's score: the first showing of the guide's latest mark counts, timed from its sale.
        // Only marks made in this phase count (a mark from before would be timed from a stale start).
        void Shown(StepStats stats, ConcurrentDictionary<(int Watcher, string Guide, long Score), byte> seenBy, int watcher, string guide, long score, long now)
        {
            if (expected.TryGetValue(guide, out var mark) && mark.SentAt >= Volatile.Read(ref phaseStart[0]) && score >= mark.Score
                && seenBy.TryAdd((watcher, guide, mark.Score), 0))
            {
                stats.Record(Stopwatch.GetElapsedTime(mark.SentAt, now), null);
            }
        }

        for (var w = 0; w < watcherCount; w++)
        {
            var watcher = w;
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(edge.BaseAddress, "/hubs/scoreboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(ops))
                .AddMessagePackProtocol().Build();
            connection.On<LeaderboardUpdate>("LeaderboardUpdate", update =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var entry in update.Entries)
                {
                    Shown(latency, seen, watcher, entry.Id, entry.Score, now);
                }
            });
            connection.On<PkUpdate>("PkUpdate", update =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var score in update.Scores)
                {
                    Shown(pkLatency, seenOnPk, watcher, score.Id, score.Score, now);
                }
            });
            await connection.StartAsync(cancellationToken);
            var scope = watcher % 4 == 3 ? $"team:team-{watcher % teams + 1:00}" : "all";
            await connection.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", scope, cancellationToken);
            if (watcher % PkWatcherEvery == 0)
            {
                await connection.InvokeAsync<PkUpdate>("WatchPk", "pk-bench", cancellationToken);
            }

            connections.Add(connection);
        }

        long markerScore = 1_000_000_000;
        async ValueTask<string?> Sale(long i, CancellationToken ct)
        {
            var guide = GuideId((int)(i % guides));
            await grains.GetGrain<IGuideGrain>(guide).RecordSale(new SaleCredit($"sale-{i}", 100 + i % 5_000, 3, null, "store-01", SaleChannel.Online, DateTimeOffset.UtcNow));
            return null;
        }

        using var markers = new CancellationTokenSource();
        var marking = Task.Run(async () =>
        {
            var n = 0;
            while (!markers.IsCancellationRequested)
            {
                var guide = GuideId(guides + n++ % Markers);
                var amount = Interlocked.Add(ref markerScore, 1_000_000);
                var sentAt = Stopwatch.GetTimestamp();
                var total = (expected.TryGetValue(guide, out var before) ? before.Score : 0) + amount;
                expected[guide] = (total, sentAt);
                await grains.GetGrain<IGuideGrain>(guide).RecordSale(new SaleCredit($"marker-{n}", amount, 0, null, "store-01", SaleChannel.Online, DateTimeOffset.UtcNow));
                await MarkerPause();
            }
        }, CancellationToken.None);

        var usage = edge.Usage()!;
        var phases = new[]
        {
            new LoadPhase("warm-up", options.RampUp, new LoadShape.Inject(rate / 4, rate), IsRampUp: true),
            new LoadPhase(string.Create(CultureInfo.InvariantCulture, $"{rate:0} events/s"), options.Duration, new LoadShape.Inject(rate, rate)),
            new LoadPhase($"max, {copies} concurrent", options.Duration, new LoadShape.KeepConcurrent(copies)),
        };
        foreach (var phase in phases)
        {
            usage.Start();
            latency = new StepStats();
            pkLatency = new StepStats();
            Volatile.Write(ref phaseStart[0], Stopwatch.GetTimestamp());
            var (stats, elapsed) = await ScenarioRunner.RunAsync(phase, Sale, cancellationToken);
            var (cpu, rss) = usage.Stop();
            report.Add(PhaseResult.From("scoreboards", $"{system} (events: RecordSale)", phase, elapsed, stats, new Dictionary<string, double>
            {
                ["server CPU %"] = Math.Round(100 * cpu / elapsed.TotalSeconds, 1),
                ["server RSS MiB"] = Math.Round(rss, 0),
            }));
            if (!phase.IsRampUp)
            {
                report.Add(PhaseResult.From("scoreboards", $"{system} (sale → pushed board)", phase, elapsed, latency, new Dictionary<string, double> { ["watchers"] = watcherCount }));
                report.Add(PhaseResult.From("scoreboards", $"{system} (sale → pushed PK)", phase, elapsed, pkLatency,
                    new Dictionary<string, double> { ["watchers"] = (watcherCount + PkWatcherEvery - 1) / PkWatcherEvery }));
                if (phase.Shape is LoadShape.Inject)
                {
                    report.Target($"{system}: sale-to-pushed-update p99 ≤ 500 ms at {rate:0} events/s", latency.PercentileMs(99) <= 500 && latency.Ok > 0,
                        FormattableString.Invariant($"p99 {latency.PercentileMs(99):0.0} ms over {latency.Ok} observations"));
                }
            }
        }

        markers.Cancel();
        await marking;

        // The board equals what the events imply: every guide's pushed score is its recorded day total.
        var top = await grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).Top("guide-sales", "all", 500);
        var mismatches = 0;
        foreach (var entry in top.Entries.Take(50))
        {
            var view = await grains.GetGrain<IGuideGrain>(entry.Id).GetView();
            mismatches += view!.Today.SalesAmount == entry.Score ? 0 : 1;
        }

        report.Invariant($"{system}: each board entry equals the guide's own day total", mismatches == 0, $"{mismatches} of the top 50 differ");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task RunRedis(LoadOptions options, Report report, int guides, int teams, int watcherCount, double rate, int copies, CancellationToken cancellationToken)
    {
        await using var redis = await RedisScoreboardPeer.StartAsync();
        var latency = new StepStats();
        var expected = new ConcurrentDictionary<string, (long Score, long SentAt)>(StringComparer.Ordinal);
        var seen = new ConcurrentDictionary<(string Guide, long Score), byte>();
        var phaseStart = new long[1];

        // Each push reads the top 50 once and would send it to every watcher; the reading is what Redis is asked.
        using var stop = new CancellationTokenSource();
        var pushing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var top = await redis.TopAsync(Leaderboards.DefaultTop);
                var now = Stopwatch.GetTimestamp();
                foreach (var entry in top)
                {
                    if (expected.TryGetValue(entry.Element!, out var mark) && mark.SentAt >= Volatile.Read(ref phaseStart[0]) && (long)entry.Score >= mark.Score
                        && seen.TryAdd((entry.Element!, mark.Score), 0))
                    {
                        for (var w = 0; w < watcherCount; w++)
                        {
                            latency.Record(Stopwatch.GetElapsedTime(mark.SentAt, now), null);
                        }
                    }
                }

                await Task.Delay(500, CancellationToken.None);
            }
        }, CancellationToken.None);
        long markerScore = 1_000_000_000;
        var marking = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var guide = GuideId(guides + n++ % Markers);
                var amount = Interlocked.Add(ref markerScore, 1_000_000);
                var total = (expected.TryGetValue(guide, out var before) ? before.Score : 0) + amount;
                expected[guide] = (total, Stopwatch.GetTimestamp());
                await redis.SaleAsync(guide, "team-markers", amount);
                await MarkerPause();
            }
        }, CancellationToken.None);

        async ValueTask<string?> Sale(long i, CancellationToken ct)
        {
            var g = (int)(i % guides);
            await redis.SaleAsync(GuideId(g), $"team-{g % teams + 1:00}", 100 + i % 5_000);
            return null;
        }

        var server = new ProcessUsage(redis.Server);
        var phases = new[]
        {
            new LoadPhase("warm-up", options.RampUp, new LoadShape.Inject(rate / 4, rate), IsRampUp: true),
            new LoadPhase(string.Create(CultureInfo.InvariantCulture, $"{rate:0} events/s"), options.Duration, new LoadShape.Inject(rate, rate)),
            new LoadPhase($"max, {copies} concurrent", options.Duration, new LoadShape.KeepConcurrent(copies)),
        };
        foreach (var phase in phases)
        {
            server.Start();
            latency = new StepStats();
            Volatile.Write(ref phaseStart[0], Stopwatch.GetTimestamp());
            var (stats, elapsed) = await ScenarioRunner.RunAsync(phase, Sale, cancellationToken);
            var (cpu, rss) = server.Stop();
            report.Add(PhaseResult.From("scoreboards", "redis (ZINCRBY)", phase, elapsed, stats, new Dictionary<string, double>
            {
                ["redis CPU %"] = Math.Round(100 * cpu / elapsed.TotalSeconds, 1),
                ["redis RSS MiB"] = Math.Round(rss, 0),
            }));
            if (!phase.IsRampUp)
            {
                report.Add(PhaseResult.From("scoreboards", "redis (sale → ZREVRANGE)", phase, elapsed, latency));
            }
        }

        stop.Cancel();
        await Task.WhenAll(pushing, marking);
    }

    private static string GuideId(int index) => $"guide-{index:00000}";
}
