using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Members of the demo brand check out over HTTP — place an order for one SKU at their store, then pay it — at a
/// rate that rises step by step, on PostgreSQL storage. One checkout = two requests; its latency is both together.
/// </summary>
public sealed class CheckoutScenario : IScenario
{
    public string Name => "checkout";

    public string Description => "place and pay orders over HTTP at rising rates, on PostgreSQL";

    public bool CanTarget => true;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        // A running Edge (--target) brings its own storage and demo brand.
        await using var database = options.Target is null ? await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "checkout") : null;
        var settings = database?.SystemSettings() ?? [];
        settings["Demo:Enabled"] = "true";
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, settings, cancellationToken);
        var system = edge.Label("edge (embedded, PostgreSQL)");
        var memberCount = options.Quick ? 100 : 1000;
        var members = await edge.TokensAsync("member", "member", memberCount, cancellationToken);
        string[] cities = ["shanghai", "beijing", "hangzhou"];
        string[] prefixes = ["sh", "bj", "hz"];
        var failedChecks = 0L;

        async ValueTask<string?> Checkout(long i, CancellationToken ct)
        {
            var member = (int)(i % memberCount);
            var city = member % cities.Length;
            var orderId = $"bench-{i}";
            var body = new
            {
                orderId,
                memberId = $"member-{member + 1:0000}",
                regionId = cities[city],
                storeId = $"{prefixes[city]}-{i % 20 + 1:00}",
                lines = new[] { new { sku = $"sku-{i % 200 + 1:0000}", quantity = 1 } },
                mode = "ship",
                latitude = city switch { 0 => 31.2323, 1 => 39.9087, _ => 30.2720 },
                longitude = city switch { 0 => 121.4735, 1 => 116.3975, _ => 120.1630 },
            };
            using var place = EdgeUnderTest.Request(HttpMethod.Post, "/api/orders", members[member], JsonContent.Create(body));
            using var placed = await edge.Http.SendAsync(place, ct);
            if (placed.StatusCode != HttpStatusCode.Created)
            {
                return "place " + await EdgeUnderTest.OutcomeAsync(placed, HttpStatusCode.Created, ct);
            }

            var order = (await placed.Content.ReadFromJsonAsync<Order>(ct))!;
            using var pay = EdgeUnderTest.Request(HttpMethod.Post, $"/api/orders/{orderId}/pay", members[member],
                JsonContent.Create(new { paymentId = $"pay-{orderId}", amount = order.Total }));
            using var paid = await edge.Http.SendAsync(pay, ct);
            if (paid.StatusCode != HttpStatusCode.OK)
            {
                return "pay " + await EdgeUnderTest.OutcomeAsync(paid, HttpStatusCode.OK, ct);
            }

            var result = (await paid.Content.ReadFromJsonAsync<Order>(ct))!;
            if (result.Status != OrderStatus.Paid || result.Settlement.Sum(s => s.Amount) != result.Total)
            {
                Interlocked.Increment(ref failedChecks);
                return "settlement does not add up";
            }

            return null;
        }

        var top = options.Rate ?? 400;
        Console.WriteLine(Report.Header);
        var warmUp = new LoadPhase("warm-up", options.RampUp, new LoadShape.Inject(top / 16, top / 8), IsRampUp: true);
        var (warmStats, warmElapsed) = await ScenarioRunner.RunAsync(warmUp, Checkout, cancellationToken);
        report.Add(PhaseResult.From(Name, system, warmUp, warmElapsed, warmStats));

        foreach (var rate in new[] { top / 8, top / 4, top / 2, top })
        {
            var step = new LoadPhase(string.Create(CultureInfo.InvariantCulture, $"{rate:0} checkouts/s"), options.Duration, new LoadShape.Inject(rate, rate));
            var usage = PhaseUsage.Start(edge.Usage());
            var (stats, elapsed) = await ScenarioRunner.RunAsync(step, Checkout, cancellationToken);
            var metrics = new Dictionary<string, double> { ["offered/s"] = rate };
            usage.Stop(elapsed, metrics);

            report.Add(PhaseResult.From(Name, system, step, elapsed, stats, metrics));
        }

        report.Invariant("every paid order's settlement sums to its total", failedChecks == 0, $"{failedChecks} did not");
    }
}
