using System.Diagnostics;
using System.Globalization;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// A host guide's livestream QR card scanned by many new customers at once: each binding reaches the guide as
/// <c>IGuideGrain.AddCustomer</c> (from an Orleans client, the call a member's binding makes) on PostgreSQL storage,
/// measured with few and with many customers the guide already has — storing a new customer must not cost more as the
/// list grows — at a fixed rate and at a fixed concurrency. A binding completes when the customer and the day's new
/// member are stored and the boards have the guide's new figures (their flush is ≤ 100 ms). The peer, in the same run:
/// one PostgreSQL statement per binding that inserts the customer's row unless it is known and only then adds one to
/// the guide's row for the day.
/// </summary>
public sealed class HostCustomersScenario : IScenario
{
    public string Name => "host-customers";

    public string Description => "new customers/s bound to one host guide as its customer list grows, and a PostgreSQL peer";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var copies = options.Concurrency ?? 1_000;
        var rate = options.Rate ?? (options.Quick ? 100 : 500);
        int[] customerSizes = options.Quick ? [100, 2_000] : [1_000, 20_000];

        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        await using var peerDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "peer");
        var cluster = systemDb.SystemSettings();
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await using var peer = await PostgresGuideSalesPeer.CreateAsync(peerDb.ConnectionString, Math.Min(copies, 64));
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        await HostStudio.DefineAsync(edge, ops, cancellationToken);

        // The peer's day is only a key; the system counts each customer to its local day itself.
        var peerDay = DateOnly.FromDateTime(DateTime.UtcNow);
        report.Notes.Add($"Each system: {rate:N0} new customers/s (open model), then {copies:N0} concurrent bindings (closed model, at most 64 " +
            "PostgreSQL connections for the peer), each a member never bound before. The Edge runs embedded with Storage:Provider=PostgreSQL and " +
            "is called from this process as an Orleans client; a binding stores the customer and the day's new member and reports the guide's " +
            "figures to the boards (the peer has no boards). PostgreSQL (fsync on) is shared by both systems. 'customers' is the guide's list " +
            "when the phase starts.");
        Console.WriteLine(Report.Header);

        var throughput = new Dictionary<(string System, int Customers), double>();
        foreach (var customers in customerSizes)
        {
            if (options.Measures("grain"))
            {
                ScenarioRunner.Step Bind(IGuideGrain guide) => async (i, _) =>
                {
                    await guide.AddCustomer($"member-{i}", DateTimeOffset.UtcNow);
                    return null;
                };

                var measured = orleans.Grains.GetGrain<IGuideGrain>(await HostStudio.DefineGuideAsync(edge, ops, $"host-{customers}", cancellationToken));
                var warm = orleans.Grains.GetGrain<IGuideGrain>(await HostStudio.DefineGuideAsync(edge, ops, $"host-warm-{customers}", cancellationToken));
                var prefill = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) =>
                    await measured.AddCustomer($"prefill-{i}", DateTimeOffset.UtcNow));
                throughput[("grain", customers)] = await new FilledTarget(Name, "host guide (Orleans client)", "customers", "bindings per CPU-s", customers,
                    prefill.Elapsed, edge.Usage(), Bind(warm), Bind(measured), async () => (await measured.GetView())!.Customers)
                    .MeasureAsync(report, options, rate, copies, cancellationToken);

                // Every binding was of a new member on the same day: the list and the day's new members grew alike.
                var view = (await measured.GetView())!;
                report.Invariant($"host guide with {customers:N0} customers: each binding is one customer and one new member today",
                    view.Customers == view.Today.NewMembers,
                    string.Create(CultureInfo.InvariantCulture, $"{view.Customers} customers, {view.Today.NewMembers} new members today"));
            }

            if (options.Measures("postgres"))
            {
                // The peer's statement is host-sales' (insert the row unless known, then add to the day's row), with a member as the row.
                ScenarioRunner.Step Bind(string guideId) => async (i, ct) =>
                {
                    await peer.CreditAsync(guideId, peerDay, $"member/{i}", 0, 0, ct);
                    return null;
                };

                var measured = $"peer-{customers}";
                var prefill = Stopwatch.StartNew();
                await peer.PrefillAsync(measured, peerDay, customers);
                throughput[("postgres", customers)] = await new FilledTarget(Name, "PostgreSQL peer", "customers", "bindings per CPU-s", customers,
                    prefill.Elapsed, null, Bind($"peer-warm-{customers}"), Bind(measured), async () => (await peer.FiguresAsync(measured, peerDay)).Orders)
                    .MeasureAsync(report, options, rate, copies, cancellationToken);
            }
        }

        if (options.Only.Count > 0)
        {
            report.Notes.Add("Only " + string.Join(", ", options.Only) + " measured (--only); targets need the full run.");
            return;
        }

        FilledTarget.ReportTargets(report, "host guide", "customers", "customers", customerSizes, throughput);
    }
}
