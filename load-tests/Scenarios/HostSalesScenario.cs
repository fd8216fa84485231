using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// A host guide selling in a busy livestream: many concurrent sales credited to one guide (<c>IGuideGrain.RecordSale</c>,
/// from an Orleans client, as orders and flash sales do) on PostgreSQL storage, measured with few and with many sales
/// already counted that day — storing a sale must not cost more as the day fills — while the guide is in a PK, so every
/// sale also scores there (a PK must not pay more per event as it fills either), at a fixed rate (server CPU,
/// latency) and at a fixed concurrency (the most it absorbs). A credit completes only when the boards have the
/// guide's new figures (their flush is ≤ 100 ms), so latency starts there. The peer, in the same run: one
/// PostgreSQL statement per sale (insert the sale unless known, then add it to the guide's day row). Then every
/// system is credited each of a set of sales twice, concurrently, and must count each once.
/// </summary>
public sealed class HostSalesScenario : IScenario
{
    private const long Amount = 100;
    private const long Commission = 3;

    public string Name => "host-sales";

    public string Description => "sales/s credited to one host guide as the day's sales grow, and a PostgreSQL peer";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var copies = options.Concurrency ?? 1_000;
        var rate = options.Rate ?? (options.Quick ? 100 : 1_000);
        int[] countedSizes = options.Quick ? [100, 2_000] : [1_000, 50_000];
        var repeated = options.Quick ? 200 : 2_000;

        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        await using var peerDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "peer");
        var cluster = systemDb.SystemSettings();
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await using var peer = await PostgresGuideSalesPeer.CreateAsync(peerDb.ConnectionString, Math.Min(copies, 64));
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        await HostStudio.DefineAsync(edge, ops, cancellationToken);

        var rival = await HostStudio.DefineGuideAsync(edge, ops, "host-rival", cancellationToken);

        // The peer's day is only a key; the system counts each sale to its local day itself.
        var peerDay = DateOnly.FromDateTime(DateTime.UtcNow);
        report.Notes.Add($"Each system: {rate:N0} sales/s (open model), then {copies:N0} concurrent sales (closed model, at most 64 PostgreSQL " +
            $"connections for the peer), each {Amount} fen to the same guide. The Edge runs embedded with " +
            "Storage:Provider=PostgreSQL and is called from this process as an Orleans client; a credit also reports the guide's figures to the " +
            "leaderboards and to a PK the guide is in (the peer does neither). PostgreSQL (fsync on) is shared by both systems. 'counted' is the guide's sales already stored that day.");
        Console.WriteLine(Report.Header);

        var throughput = new Dictionary<(string System, int Counted), double>();
        foreach (var counted in countedSizes)
        {
            if (options.Measures("grain"))
            {
                ScenarioRunner.Step Credit(string guideId)
                {
                    var guide = orleans.Grains.GetGrain<IGuideGrain>(guideId);
                    return async (i, _) =>
                    {
                        await guide.RecordSale(Sale($"sale-{i}"));
                        return null;
                    };
                }

                var measured = await HostStudio.DefineGuideAsync(edge, ops, $"host-{counted}", cancellationToken);
                var warm = await HostStudio.DefineGuideAsync(edge, ops, $"host-warm-{counted}", cancellationToken);
                await edge.SendAsync(HttpMethod.Post, "/api/pk", ops, new
                {
                    pkId = $"pk-{measured}", title = $"Livestream PK {counted}", metric = "sales",
                    participants = new[] { new { id = measured, kind = "guide", target = 100_000_000_000L }, new { id = rival, kind = "guide", target = 100_000_000_000L } },
                    startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), endsAt = DateTimeOffset.UtcNow.AddHours(2),
                }, cancellationToken);
                var prefill = await PrefillAsync(counted, i => orleans.Grains.GetGrain<IGuideGrain>(measured).RecordSale(Sale($"prefill-{i}")));
                var guide = orleans.Grains.GetGrain<IGuideGrain>(measured);
                throughput[("grain", counted)] = await new FilledTarget(Name, "host guide (Orleans client)", "counted", "sales per CPU-s", counted, prefill,
                    edge.Usage(), Credit(warm), Credit(measured), async () => (await guide.GetView())!.Today.Orders).MeasureAsync(report, options, rate, copies, cancellationToken);

                // Every credit returned after the PK had it, and all fell inside its window: the two must agree.
                var sales = (await guide.GetView())!.Today.SalesAmount;
                var scored = (await orleans.Grains.GetGrain<IPkGrain>($"pk-{measured}").Get())!.Scores[0].Score;
                report.Invariant($"host guide with {counted:N0} counted: its PK score equals its stored sales", scored == sales,
                    string.Create(CultureInfo.InvariantCulture, $"PK {scored} fen, guide {sales} fen"));
            }

            if (options.Measures("postgres"))
            {
                ScenarioRunner.Step Credit(string guideId) => async (i, ct) =>
                {
                    await peer.CreditAsync(guideId, peerDay, $"sale-{i}", Amount, Commission, ct);
                    return null;
                };

                var measured = $"peer-{counted}";
                var prefill = Stopwatch.StartNew();
                await peer.PrefillAsync(measured, peerDay, counted);
                throughput[("postgres", counted)] = await new FilledTarget(Name, "PostgreSQL peer", "counted", "sales per CPU-s", counted, prefill.Elapsed,
                    null, Credit($"peer-warm-{counted}"), Credit(measured), async () => (await peer.FiguresAsync(measured, peerDay)).Orders)
                    .MeasureAsync(report, options, rate, copies, cancellationToken);
            }
        }

        if (options.Only.Count > 0)
        {
            report.Notes.Add("Only " + string.Join(", ", options.Only) + " measured (--only); targets and the repeat checks need the full run.");
            return;
        }

        FilledTarget.ReportTargets(report, "host guide", "sales counted", "counted", countedSizes, throughput);

        var repeatGuide = await HostStudio.DefineGuideAsync(edge, ops, "host-repeats", cancellationToken);
        await CountsRepeatsOnceAsync(report, "host guide", repeated,
            i => orleans.Grains.GetGrain<IGuideGrain>(repeatGuide).RecordSale(Sale($"repeat-{i}")),
            async () =>
            {
                var today = (await orleans.Grains.GetGrain<IGuideGrain>(repeatGuide).GetView())!.Today;
                return (today.SalesAmount, today.Orders);
            });
        await CountsRepeatsOnceAsync(report, "PostgreSQL peer", repeated,
            i => peer.CreditAsync("peer-repeats", peerDay, $"repeat-{i}", Amount, Commission, cancellationToken),
            () => peer.FiguresAsync("peer-repeats", peerDay));
    }

    private static SaleCredit Sale(string saleId) => new(saleId, Amount, Commission, null, HostStudio.Store, SaleChannel.Live, DateTimeOffset.UtcNow);

    /// <summary>Credits the sales the measured guide already has today, 256 at a time; returns how long that took.</summary>
    private static async Task<TimeSpan> PrefillAsync(int count, Func<int, Task> credit)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) => await credit(i));
        return clock.Elapsed;
    }

    /// <summary>Credits every sale twice, all at once, and checks the figures count each sale once.</summary>
    private static async Task CountsRepeatsOnceAsync(Report report, string system, int sales, Func<int, Task> credit, Func<Task<(long Sales, int Orders)>> figures)
    {
        var errors = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2 * sales), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (n, _) =>
        {
            try
            {
                await credit(n / 2);
            }
            catch (Exception ex)
            {
                errors.Add(ex.GetType().Name);
            }
        });

        var (amount, orders) = await figures();
        report.Invariant($"{system}: each of {sales:N0} sales credited twice at once counts once",
            orders == sales && amount == sales * Amount && errors.IsEmpty,
            string.Create(CultureInfo.InvariantCulture, $"{orders} orders, {amount} fen (expected {sales}, {sales * Amount}), errors: {errors.Count}"));
    }
}
