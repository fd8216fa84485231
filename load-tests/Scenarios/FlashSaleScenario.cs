using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// One hot SKU in one region, many concurrent buyers (closed model), on PostgreSQL storage. Measured four ways in one
/// run: through the pool grain from an Orleans client, over HTTP, and the two peers (PostgreSQL row-per-SKU, Redis
/// Lua), each with 1,000 and with 100,000 reservations already open. Then every system sells out a small stock
/// under heavy contention, to show that none oversells (over HTTP with an operator's stock screen watching, which must
/// be pushed the sold-out counts).
/// </summary>
public sealed class FlashSaleScenario : IScenario
{
    private const string Region = "flash";
    private const long PlentyPerStore = 100_000_000;
    private static readonly (double Latitude, double Longitude)[] Stores =
        [(31.2352, 121.4800), (31.2197, 121.4752), (31.2376, 121.5003), (31.2231, 121.4455), (31.1955, 121.4366)];

    public string Name => "flash-sale";

    public string Description => "reservations/s and latency on one hot SKU: grain path, HTTP, and PostgreSQL and Redis peers";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var copies = options.Concurrency ?? 64;
        int[] openSizes = options.Quick ? [100, 1_000] : [1_000, 100_000];
        var (sellOutStock, sellOutAttempts) = options.Quick ? (100, 1_000) : (500, 5_000);

        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        await using var peerDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "peer");
        var cluster = systemDb.SystemSettings();
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await using var postgres = await PostgresReservationPeer.CreateAsync(peerDb.ConnectionString, copies);
        await using var redis = await RedisReservationPeer.StartAsync();
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        var buyers = await edge.TokensAsync("buyer", "member", 1000, cancellationToken);
        await CreateRegionAsync(edge, ops, cancellationToken);

        report.Notes.Add($"Closed model: {copies} concurrent buyers per system, one unit per reservation. The Edge runs embedded with Storage:Provider=PostgreSQL; " +
            "the grain path calls the pool from this process as an Orleans client. PostgreSQL (fsync on) is shared by our system and the PostgreSQL peer; " +
            "the Redis peer runs its own redis-server with appendonly yes, appendfsync always.");
        Console.WriteLine(Report.Header);

        var throughput = new Dictionary<(string System, int Open), double>();
        foreach (var open in openSizes)
        {
            // Each system warms up on a pool of its own, so the measured pool starts with exactly `open` reservations.
            if (options.Measures("grain"))
            {
                ScenarioRunner.Step Buy(string sku)
                {
                    var pool = orleans.Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, Region));
                    return async (i, _) =>
                    {
                        try
                        {
                            await pool.Reserve(Ship($"g{i}"));
                            return null;
                        }
                        catch (DomainException error)
                        {
                            return error.Code;
                        }
                    };
                }

                var measured = await CreateSkuAsync(edge, ops, $"grain-{open}", PlentyPerStore, cancellationToken);
                var warm = await CreateSkuAsync(edge, ops, $"grain-warm-{open}", PlentyPerStore, cancellationToken);
                await PrefillAsync(orleans.Grains, measured, open);
                throughput[("grain", open)] = await MeasureAsync(report, options, "pool grain (Orleans client)", open, copies, edge.Usage(),
                    Buy(warm), Buy(measured), orleans.Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(measured, Region)), cancellationToken);
            }

            if (options.Measures("http"))
            {
                ScenarioRunner.Step Buy(string sku) => async (i, ct) =>
                {
                    using var request = EdgeUnderTest.Request(HttpMethod.Post, $"/api/inventory/{Region}/{sku}/reservations", buyers[i % buyers.Length],
                        EdgeUnderTest.Json(new { reservationId = $"h{i}", quantity = 1, latitude = 31.2323, longitude = 121.4735, mode = "ship", ttlSeconds = 3600 }));
                    using var response = await edge.Http.SendAsync(request, ct);
                    return await EdgeUnderTest.OutcomeAsync(response, HttpStatusCode.Created, ct);
                };

                var measured = await CreateSkuAsync(edge, ops, $"http-{open}", PlentyPerStore, cancellationToken);
                var warm = await CreateSkuAsync(edge, ops, $"http-warm-{open}", PlentyPerStore, cancellationToken);
                await PrefillAsync(orleans.Grains, measured, open);
                throughput[("http", open)] = await MeasureAsync(report, options, "HTTP (Edge)", open, copies, edge.Usage(),
                    Buy(warm), Buy(measured), orleans.Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(measured, Region)), cancellationToken);
            }

            if (options.Measures("postgres"))
            {
                ScenarioRunner.Step Buy(string sku) => async (i, ct) =>
                    await postgres.ReserveAsync(sku, Region, $"p{i}", 1, ct) ? null : "insufficient-stock";

                foreach (var sku in new[] { $"peer-{open}", $"peer-warm-{open}" })
                {
                    await postgres.StockAsync(sku, Region, PlentyPerStore * Stores.Length);
                }

                await postgres.PrefillAsync($"peer-{open}", Region, open);
                throughput[("postgres", open)] = await MeasureAsync(report, options, "PostgreSQL peer", open, copies, null,
                    Buy($"peer-warm-{open}"), Buy($"peer-{open}"), null, cancellationToken);
            }

            if (options.Measures("redis"))
            {
                ScenarioRunner.Step Buy(string sku) => async (i, _) =>
                    await redis.ReserveAsync(sku, Region, $"r{i}", 1) ? null : "insufficient-stock";

                foreach (var sku in new[] { $"peer-{open}", $"peer-warm-{open}" })
                {
                    await redis.StockAsync(sku, Region, PlentyPerStore * Stores.Length);
                }

                await redis.PrefillAsync($"peer-{open}", open);
                throughput[("redis", open)] = await MeasureAsync(report, options, "Redis peer", open, copies, new ProcessUsage(redis.Server),
                    Buy($"peer-warm-{open}"), Buy($"peer-{open}"), null, cancellationToken);
            }
        }

        if (options.Only.Count > 0)
        {
            report.Notes.Add("Only " + string.Join(", ", options.Only) + " measured (--only); targets and oversell checks need the full run.");
            return;
        }

        foreach (var open in openSizes)
        {
            var ratio = throughput[("http", open)] / Math.Max(1, throughput[("postgres", open)]);
            report.Target($"HTTP ≥ 20× PostgreSQL peer at {open:N0} open", ratio >= 20, $"{ratio:0.0}× ({throughput[("http", open)]:0}/s vs {throughput[("postgres", open)]:0}/s)");
            var grainVsRedis = throughput[("grain", open)] / Math.Max(1, throughput[("redis", open)]);
            report.Target($"grain path ≥ Redis peer at {open:N0} open", grainVsRedis >= 1, $"{grainVsRedis:0.00}× ({throughput[("grain", open)]:0}/s vs {throughput[("redis", open)]:0}/s)");
        }

        var small = openSizes[0];
        var large = openSizes[^1];
        var steadiness = throughput[("grain", large)] / throughput[("grain", small)];
        report.Target($"grain path keeps its pace from {small:N0} to {large:N0} open (≥ 0.7×)", steadiness >= 0.7, $"{steadiness:0.00}×");

        await SellOutAsync(report, "pool grain", sellOutStock, sellOutAttempts, async (sku, stock) =>
        {
            var pool = orleans.Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(await CreateSkuAsync(edge, ops, sku, stock / Stores.Length, cancellationToken), Region));
            return (async i =>
            {
                try
                {
                    await pool.Reserve(Ship($"{sku}-{i}"));
                    return true;
                }
                catch (DomainException error) when (error.Code == ErrorCodes.InsufficientStock)
                {
                    return false;
                }
            }, async () =>
            {
                var view = await pool.GetInventory();
                return (view.Reserved, view.Stores.All(s => s.OnHand - s.Reserved >= 0) && view.Available == 0);
            });
        });

        StockWatcher? screen = null;
        await SellOutAsync(report, "HTTP", sellOutStock, sellOutAttempts, async (sku, stock) =>
        {
            var realSku = await CreateSkuAsync(edge, ops, sku, stock / Stores.Length, cancellationToken);
            screen = await StockWatcher.StartAsync(edge.BaseAddress, ops, Region, realSku, cancellationToken);
            return (async i =>
            {
                using var request = EdgeUnderTest.Request(HttpMethod.Post, $"/api/inventory/{Region}/{realSku}/reservations", buyers[i % buyers.Length],
                    EdgeUnderTest.Json(new { reservationId = $"{sku}-{i}", quantity = 1, latitude = 31.2323, longitude = 121.4735, mode = "ship" }));
                using var response = await edge.Http.SendAsync(request, cancellationToken);
                return response.StatusCode == HttpStatusCode.Created;
            }, async () =>
            {
                using var request = EdgeUnderTest.Request(HttpMethod.Get, $"/api/inventory/{Region}/{realSku}", ops);
                var view = (await (await edge.Http.SendAsync(request, cancellationToken)).Content.ReadFromJsonAsync<InventoryView>(cancellationToken))!;
                return (view.Reserved, view.Stores.All(s => s.OnHand - s.Reserved >= 0) && view.Available == 0);
            });
        });

        await using (screen)
        {
            var shown = await screen!.WaitForAsync(view => view.Reserved == sellOutStock && view.Available == 0, TimeSpan.FromSeconds(5), cancellationToken);
            report.Invariant($"HTTP: an operator watching the pool is pushed the sold-out counts",
                shown is { Available: 0 } && shown.Reserved == sellOutStock,
                string.Create(CultureInfo.InvariantCulture, $"{screen.Pushes} pushes; the newest shows {shown?.Reserved} reserved, {shown?.Available} available"));
        }

        await SellOutAsync(report, "PostgreSQL peer", sellOutStock, sellOutAttempts, async (sku, stock) =>
        {
            await postgres.StockAsync(sku, Region, stock);
            return (i => postgres.ReserveAsync(sku, Region, $"{sku}-{i}", 1, cancellationToken), async () =>
            {
                var (available, reserved) = await postgres.CountAsync(sku, Region);
                return (reserved, available == 0);
            });
        });

        await SellOutAsync(report, "Redis peer", sellOutStock, sellOutAttempts, async (sku, stock) =>
        {
            await redis.StockAsync(sku, Region, stock);
            return (i => redis.ReserveAsync(sku, Region, $"{sku}-{i}", 1), async () =>
                (stock - await redis.AvailableAsync(sku, Region), await redis.AvailableAsync(sku, Region) == 0));
        });
    }

    private static ReservationRequest Ship(string id) =>
        new(id, 1, 31.2323, 121.4735, FulfilmentMode.Ship, TtlSeconds: 3600);

    /// <summary>Warms a system up on its own pool, then measures it on the prefilled one.</summary>
    private static async Task<double> MeasureAsync(
        Report report, LoadOptions options, string system, int open, int copies, ProcessUsage? server,
        ScenarioRunner.Step warmStep, ScenarioRunner.Step step, IInventoryPoolGrain? pool, CancellationToken cancellationToken)
    {
        var warmUp = new LoadPhase("warm-up", options.RampUp, new LoadShape.KeepConcurrent(copies), IsRampUp: true);
        var (warmStats, warmElapsed) = await ScenarioRunner.RunAsync(warmUp, warmStep, cancellationToken);
        report.Add(PhaseResult.From("flash-sale", system, warmUp, warmElapsed, warmStats));

        var steady = new LoadPhase($"{open:N0} open", options.Duration, new LoadShape.KeepConcurrent(copies));
        var openAtStart = pool is null ? 0 : (await pool.GetInventory()).Reserved;
        var usage = PhaseUsage.Start(server);
        var (stats, elapsed) = await ScenarioRunner.RunAsync(steady, step, cancellationToken);
        var metrics = new Dictionary<string, double> { ["buyers"] = copies };
        if (usage.Stop(elapsed, metrics) is { } cpu)
        {
            metrics["reservations per CPU-s"] = Math.Round(stats.Ok / Math.Max(cpu, 0.001), 0);
        }

        if (pool is not null)
        {
            metrics["open at start"] = openAtStart;
            metrics["open at end"] = (await pool.GetInventory()).Reserved;
        }

        var result = PhaseResult.From("flash-sale", system, steady, elapsed, stats, metrics);
        report.Add(result);
        return result.OkPerSecond;
    }

    /// <summary>Sells a small stock to far more buyers than it can serve, all at once, and checks exactly the stock was sold.</summary>
    private static async Task SellOutAsync(
        Report report, string system, int stock, int attempts,
        Func<string, int, Task<(Func<int, Task<bool>> Buy, Func<Task<(long Sold, bool Consistent)>> Count)>> prepare)
    {
        var (buy, count) = await prepare($"sellout-{system.Split(' ')[0].ToLowerInvariant()}", stock);
        var successes = 0;
        var errors = new ConcurrentBag<string>();
        using var gate = new SemaphoreSlim(500);
        await Task.WhenAll(Enumerable.Range(0, attempts).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                if (await buy(i))
                {
                    Interlocked.Increment(ref successes);
                }
            }
            catch (Exception ex)
            {
                errors.Add(ex.GetType().Name);
            }
            finally
            {
                gate.Release();
            }
        }));

        var (sold, consistent) = await count();
        report.Invariant($"{system}: no oversell ({attempts:N0} buyers, {stock} units)",
            successes == stock && sold == stock && consistent && errors.IsEmpty,
            string.Create(CultureInfo.InvariantCulture, $"{successes} reservations acknowledged, {sold} units held, books consistent: {consistent}, errors: {errors.Count}"));
    }

    private static async Task CreateRegionAsync(EdgeUnderTest edge, string ops, CancellationToken cancellationToken)
    {
        await edge.SendAsync(HttpMethod.Put, $"/api/regions/{Region}", ops, new { name = "Flash-sale city" }, cancellationToken);
        for (var i = 0; i < Stores.Length; i++)
        {
            await edge.SendAsync(HttpMethod.Put, $"/api/stores/flash-{i}", ops, new
            {
                name = $"Flash store {i}", regionId = Region, latitude = Stores[i].Latitude, longitude = Stores[i].Longitude,
                ownerAccountId = "brand", ownership = "direct",
            }, cancellationToken);
        }
    }

    private static async Task<string> CreateSkuAsync(EdgeUnderTest edge, string ops, string name, long perStore, CancellationToken cancellationToken)
    {
        var sku = $"hot-{name}";
        await edge.SendAsync(HttpMethod.Put, $"/api/skus/{sku}", ops, new { name = $"Limited edition {name}", listPrice = 19900 }, cancellationToken);
        for (var i = 0; i < Stores.Length; i++)
        {
            await edge.SendAsync(HttpMethod.Put, $"/api/stores/flash-{i}/stock/{sku}", ops, new { onHand = perStore }, cancellationToken);
        }

        return sku;
    }

    /// <summary>Opens <paramref name="count"/> long-lived reservations, so the measured pool carries that many.</summary>
    private static async Task PrefillAsync(IGrainFactory grains, string sku, int count)
    {
        var pool = grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, Region));
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (i, _) => await pool.Reserve(Ship($"prefill-{i}")));
    }
}
