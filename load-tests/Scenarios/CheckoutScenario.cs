using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Members of the demo brand check out over HTTP — place an order for one SKU at their store, then pay it — at a
/// rate that rises step by step, on PostgreSQL storage. One checkout = two requests; its latency is both together.
/// Afterwards each member's paid spend and points must have grown by exactly what this run paid for them, and each
/// franchisee's settlement statement by its part of the orders paid: each payment credited once, under load.
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

        // What this run paid for each member, and the members a payment may have reached without the generator knowing
        // (its answer was an error or never came): their spend cannot be checked.
        var paidFor = new long[memberCount];
        var pointsFor = new long[memberCount];
        var uncertain = new bool[memberCount];
        var before = await MemberFiguresAsync(edge, members, cancellationToken);

        // What this run's paid orders owe each franchisee, and the orders whose payment's outcome the generator never
        // heard (read back afterwards). The statements cover the UTC day around the run's local one, fixed at its start.
        var ops = (await edge.TokensAsync("ops", "ops", 1, cancellationToken))[0];
        var accounts = await FranchiseAccountsAsync(edge, ops, cities, cancellationToken);
        var utcToday = DateOnly.FromDateTime(DateTime.UtcNow);
        var statementDays = (From: utcToday.AddDays(-1), To: utcToday.AddDays(1));
        var owedBefore = await StatementsAsync(edge, ops, accounts, statementDays, cancellationToken);
        var owed = new ConcurrentDictionary<string, long>(accounts.Select(a => KeyValuePair.Create(a, 0L)));
        var unheardPayments = new ConcurrentBag<string>();

        async ValueTask<string?> Checkout(long i, CancellationToken ct)
        {
            var member = (int)(i % memberCount);
            var city = member % cities.Length;
            var orderId = $"bench-{i}";
            var body = new
            {
                orderId,
                memberId = MemberId(member),
                regionId = cities[city],
                storeId = $"{prefixes[city]}-{i % 20 + 1:00}",
                lines = new[] { new { sku = $"sku-{i % 200 + 1:0000}", quantity = 1 } },
                mode = "ship",
                latitude = city switch { 0 => 31.2323, 1 => 39.9087, _ => 30.2720 },
                longitude = city switch { 0 => 121.4735, 1 => 116.3975, _ => 120.1630 },
            };
            using var place = EdgeUnderTest.Request(HttpMethod.Post, "/api/orders", members[member], EdgeUnderTest.Json(body));
            using var placed = await edge.Http.SendAsync(place, ct);
            if (placed.StatusCode != HttpStatusCode.Created)
            {
                return "place " + await EdgeUnderTest.OutcomeAsync(placed, HttpStatusCode.Created, ct);
            }

            var order = (await placed.Content.ReadFromJsonAsync<Order>(ct))!;
            using var pay = EdgeUnderTest.Request(HttpMethod.Post, $"/api/orders/{orderId}/pay", members[member],
                EdgeUnderTest.Json(new { paymentId = $"pay-{orderId}", amount = order.Total }));
            HttpResponseMessage paid;
            try
            {
                paid = await edge.Http.SendAsync(pay, ct);
            }
            catch
            {
                uncertain[member] = true;
                unheardPayments.Add(orderId);
                throw;
            }

            using var _ = paid;
            if (paid.StatusCode != HttpStatusCode.OK)
            {
                uncertain[member] = true;
                unheardPayments.Add(orderId);
                return "pay " + await EdgeUnderTest.OutcomeAsync(paid, HttpStatusCode.OK, ct);
            }

            var result = (await paid.Content.ReadFromJsonAsync<Order>(ct))!;
            CountOwed(owed, result);
            Interlocked.Add(ref paidFor[member], result.Total);
            Interlocked.Add(ref pointsFor[member], result.Total / 100);
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

        // Credits are delivered before a payment is answered, or retried within seconds when a delivery fails.
        var checkedMembers = Enumerable.Range(0, memberCount).Where(m => !uncertain[m]).ToList();
        var wrong = checkedMembers.Count;
        for (var attempt = 0; attempt < 15 && wrong > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }

            var after = await MemberFiguresAsync(edge, members, cancellationToken);
            wrong = checkedMembers.Count(m => after[m] != (before[m].Spend + paidFor[m], before[m].Points + pointsFor[m]));
        }

        report.Invariant("each member is credited once for each payment: paid spend and points grew by what was paid", wrong == 0,
            $"{wrong} of {checkedMembers.Count} members differ ({paidFor.Sum():N0} fen paid); {memberCount - checkedMembers.Count} left unchecked (a payment of theirs answered with an error or not at all)");

        foreach (var orderId in unheardPayments)
        {
            using var read = EdgeUnderTest.Request(HttpMethod.Get, $"/api/orders/{orderId}", ops);
            using var response = await edge.Http.SendAsync(read, cancellationToken);
            response.EnsureSuccessStatusCode();
            CountOwed(owed, (await response.Content.ReadFromJsonAsync<Order>(cancellationToken))!);
        }

        var wrongAccounts = accounts;
        for (var attempt = 0; attempt < 15 && wrongAccounts.Length > 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }

            var owedAfter = await StatementsAsync(edge, ops, accounts, statementDays, cancellationToken);
            wrongAccounts = [.. accounts.Where(a => owedAfter[a] != owedBefore[a] + owed[a])];
        }

        report.Invariant("each franchisee's statement grew by its part of the orders paid, each once", wrongAccounts.Length == 0 && accounts.Length > 0,
            $"{wrongAccounts.Length} of {accounts.Length} accounts differ ({owed.Values.Sum():N0} fen owed to them; {unheardPayments.Count} payments read back)");
    }

    /// <summary>Adds a paid order's franchise settlement lines to what each account is owed.</summary>
    private static void CountOwed(ConcurrentDictionary<string, long> owed, Order order)
    {
        if (order.Status is OrderStatus.Paid or OrderStatus.Fulfilled)
        {
            foreach (var line in order.Settlement.Where(s => s.Kind == SettlementKind.Franchise))
            {
                owed.AddOrUpdate(line.AccountId, line.Amount, (_, sum) => sum + line.Amount);
            }
        }
    }

    /// <summary>The owner accounts of the franchise stores in the demo brand's cities.</summary>
    private static async Task<string[]> FranchiseAccountsAsync(EdgeUnderTest edge, string ops, string[] cities, CancellationToken cancellationToken)
    {
        var accounts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var city in cities)
        {
            using var request = EdgeUnderTest.Request(HttpMethod.Get, $"/api/stores/nearest?regionId={city}&latitude=0&longitude=0&take=100", ops);
            using var response = await edge.Http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            foreach (var nearby in (await response.Content.ReadFromJsonAsync<NearbyStore[]>(cancellationToken))!)
            {
                if (nearby.Store.Ownership == StoreOwnership.Franchise)
                {
                    accounts.Add(nearby.Store.OwnerAccountId);
                }
            }
        }

        return [.. accounts];
    }

    /// <summary>What each account's statement says it is owed over the days.</summary>
    private static async Task<Dictionary<string, long>> StatementsAsync(
        EdgeUnderTest edge, string ops, string[] accounts, (DateOnly From, DateOnly To) days, CancellationToken cancellationToken)
    {
        var owed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            using var request = EdgeUnderTest.Request(HttpMethod.Get, $"/api/accounts/{account}/settlement?from={days.From:yyyy-MM-dd}&to={days.To:yyyy-MM-dd}", ops);
            using var response = await edge.Http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            owed[account] = (await response.Content.ReadFromJsonAsync<AccountStatement>(cancellationToken))!.Amount;
        }

        return owed;
    }

    /// <summary>The demo brand's member at this index, as its token names them (<see cref="EdgeUnderTest.TokensAsync"/> with prefix "member").</summary>
    private static string MemberId(int index) => $"member-{index + 1:0000}";

    /// <summary>Each member's paid spend and points, read with their own token.</summary>
    private static async Task<(long Spend, long Points)[]> MemberFiguresAsync(EdgeUnderTest edge, string[] members, CancellationToken cancellationToken)
    {
        var figures = new (long Spend, long Points)[members.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (m, ct) =>
        {
            using var request = EdgeUnderTest.Request(HttpMethod.Get, $"/api/members/{MemberId(m)}", members[m]);
            using var response = await edge.Http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var profile = (await response.Content.ReadFromJsonAsync<MemberProfile>(ct))!;
            figures[m] = (profile.PaidSpend, profile.Points);
        });
        return figures;
    }
}
