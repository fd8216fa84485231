using System.Diagnostics;
using System.Globalization;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Buyers in one busy live room: many concurrent flash-sale buys (<c>ILiveRoomGrain.Buy</c> from an Orleans client,
/// as the live hub calls it) on PostgreSQL storage, measured with few and with many orders the room already took —
/// a buy must not cost more as the room's orders grow — at a fixed rate (server CPU, latency) and at a fixed
/// concurrency (the most it absorbs). A buy holds a unit and places the order (Reserved), both stored before it
/// returns. The peer, in the same run: the classic flash-sale design, one PostgreSQL transaction per buy that
/// decrements a stock row if enough is left and inserts the buy's row. Then 2,000 buyers at once meet 500 units in each.
/// </summary>
public sealed class RoomSaleScenario : IScenario
{
    private const string Region = "studio";
    private const string Store = "studio-store";
    private const string Sku = "sku-room";
    private const string Host = "room-host";
    private const long Price = 9_900;
    private const int Buyers = 64;

    /// <summary>Units per flash sale (the most one sale may offer); a room runs as many sales as the run needs.</summary>
    private const int SaleUnits = ReservationRequest.MaxQuantity;

    private static readonly Actor HostActor = new(Host, "Room host", Roles.Guide);

    public string Name => "room-sale";

    public string Description => "flash-sale buys/s in one live room as its orders grow, and a PostgreSQL peer";

    public bool CanTarget => false;

    /// <summary>Run only when named (<c>--case orders-in-memory</c>): it waits minutes for the silo to let orders go.</summary>
    private const string OrdersInMemoryCase = "orders-in-memory";

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        if (string.Equals(options.Case, OrdersInMemoryCase, StringComparison.OrdinalIgnoreCase))
        {
            await RunOrdersInMemoryAsync(options, report, cancellationToken);
            return;
        }

        var copies = options.Concurrency ?? 256;
        var rate = options.Rate ?? (options.Quick ? 100 : 500);
        int[] takenSizes = options.Quick ? [100, 2_000] : [1_000, 30_000];
        var (sellOutUnits, sellOutBuyers) = options.Quick ? (100, 400) : (500, 2_000);

        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        await using var peerDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "peer");
        var cluster = systemDb.SystemSettings();
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await using var peer = await PostgresReservationPeer.CreateAsync(peerDb.ConnectionString, Math.Min(copies, 64));
        await DefineStudioAsync(edge, cancellationToken);

        // Enough sales for the prefill and both phases at up to 6,000 buys/s, so no measured buy meets a sold-out sale.
        var phaseUnits = (int)(rate * (options.RampUp + options.Duration).TotalSeconds + 6_000 * options.Duration.TotalSeconds);
        report.Notes.Add($"Each system: {rate:N0} buys/s (open model), then {copies:N0} concurrent buyers (closed model, at most 64 PostgreSQL " +
            $"connections for the peer), one unit each. The Edge runs embedded with Storage:Provider=PostgreSQL and is called from this process " +
            $"as an Orleans client; a buy holds the unit in the room and places the order, {Buyers} members buying in turn, in flash sales of " +
            $"{SaleUnits:N0} units (the peer only decrements and inserts). PostgreSQL (fsync on) is shared by both systems. 'taken' is the orders " +
            "the room (or the peer's table) already holds.");
        Console.WriteLine(Report.Header);

        var throughput = new Dictionary<(string System, int Taken), double>();
        foreach (var taken in takenSizes)
        {
            if (options.Measures("grain"))
            {
                var measured = await OpenRoomAsync(orleans.Grains, $"room-{taken}", taken + phaseUnits);
                var warm = await OpenRoomAsync(orleans.Grains, $"room-warm-{taken}", (int)(rate * options.RampUp.TotalSeconds) + SaleUnits);
                var prefill = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, taken), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (_, _) => await measured.BuyAsync());
                throughput[("grain", taken)] = await new FilledTarget(Name, "live room (Orleans client)", "taken", "buys per CPU-s", taken, prefill.Elapsed,
                    edge.Usage(), warm.Step, measured.Step, measured.TakenAsync).MeasureAsync(report, options, rate, copies, cancellationToken);

                var units = await measured.TakenAsync();
                report.Invariant($"room with {taken:N0} taken: the units its sales hold equal the buys acknowledged", units == measured.Acknowledged,
                    string.Create(CultureInfo.InvariantCulture, $"{units} units held or sold, {measured.Acknowledged} buys acknowledged"));
                var ordersInMemory = await OrdersInMemoryAsync(orleans.Grains);
                report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"After the room with {taken:N0} taken: {ordersInMemory:N0} orders in the silo's memory ({measured.Acknowledged:N0} placed in that room)."));
            }

            if (options.Measures("postgres"))
            {
                ScenarioRunner.Step Buy(string sku) => async (i, ct) => await peer.ReserveAsync(sku, Region, $"p{i}", 1, ct) ? null : "sold-out";

                var measured = $"peer-{taken}";
                foreach (var sku in new[] { measured, $"peer-warm-{taken}" })
                {
                    await peer.StockAsync(sku, Region, 10_000_000);
                }

                var prefill = Stopwatch.StartNew();
                await peer.PrefillAsync(measured, Region, taken);
                throughput[("postgres", taken)] = await new FilledTarget(Name, "PostgreSQL peer", "taken", "buys per CPU-s", taken, prefill.Elapsed,
                    null, Buy($"peer-warm-{taken}"), Buy(measured), async () => (int)(await peer.CountAsync(measured, Region)).Reserved)
                    .MeasureAsync(report, options, rate, copies, cancellationToken);
            }
        }

        if (options.Only.Count > 0)
        {
            report.Notes.Add("Only " + string.Join(", ", options.Only) + " measured (--only); targets and the sell-out checks need the full run.");
            return;
        }

        FilledTarget.ReportTargets(report, "live room", "orders taken", "taken", takenSizes, throughput);

        var room = await OpenRoomAsync(orleans.Grains, "room-sell-out", sellOutUnits);
        var roomSold = await SellOutAsync(sellOutBuyers, async () =>
        {
            try
            {
                await room.BuyAsync();
                return true;
            }
            catch (DomainException error) when (error.Code == ErrorCodes.SoldOut)
            {
                return false;
            }
        });
        var remaining = (await room.Room.GetSnapshot()).FlashSales.Sum(s => s.Remaining);
        report.Invariant($"live room: {sellOutBuyers:N0} buyers at once for {sellOutUnits} units buy exactly {sellOutUnits}",
            roomSold == sellOutUnits && remaining == 0, $"{roomSold} bought, {remaining} left");

        await peer.StockAsync("peer-sell-out", Region, sellOutUnits);
        var peerSold = await SellOutAsync(sellOutBuyers, () => peer.ReserveAsync("peer-sell-out", Region, Guid.NewGuid().ToString("N"), 1, cancellationToken));
        var (peerLeft, _) = await peer.CountAsync("peer-sell-out", Region);
        report.Invariant($"PostgreSQL peer: {sellOutBuyers:N0} buyers at once for {sellOutUnits} units buy exactly {sellOutUnits}",
            peerSold == sellOutUnits && peerLeft == 0, $"{peerSold} bought, {peerLeft} left");
    }

    /// <summary>
    /// Buys as fast as 256 buyers can, then counts the orders still in the silo's memory once a minute until just
    /// before they expire (<c>LiveRooms:BuyTtl</c>, 5 minutes): what a flash sale's unpaid orders cost the silo while
    /// they wait for payment.
    /// </summary>
    private static async Task RunOrdersInMemoryAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var orders = options.Quick ? 2_000 : 50_000;
        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        var cluster = systemDb.SystemSettings();
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await DefineStudioAsync(edge, cancellationToken);
        var room = await OpenRoomAsync(orleans.Grains, "room-memory", orders);
        var usage = edge.Usage();

        var buying = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = 256, CancellationToken = cancellationToken },
            async (_, _) => await room.BuyAsync());
        report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{orders:N0} orders placed (unpaid) in {buying.Elapsed.TotalSeconds:0.0} s by 256 buyers."));

        var sinceLastBuy = Stopwatch.StartNew();
        foreach (var minute in Enumerable.Range(0, options.Quick ? 1 : 5))
        {
            var due = TimeSpan.FromMinutes(minute) - sinceLastBuy.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            var inMemory = await OrdersInMemoryAsync(orleans.Grains);
            usage?.Start();
            var resident = usage?.Stop().ResidentMiB;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{sinceLastBuy.Elapsed.TotalSeconds,5:0} s after the last buy: {inMemory:N0} orders in the silo's memory, server RSS {resident:0} MiB");
            Console.WriteLine(line);
            report.Notes.Add(line + ".");
        }
    }

    private static async Task DefineStudioAsync(EdgeUnderTest edge, CancellationToken cancellationToken)
    {
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/regions/{Region}", ops, new { name = "Studio city" }, cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/stores/{Store}", ops, new
        {
            name = "Livestream studio", regionId = Region, latitude = 31.2352, longitude = 121.48, ownerAccountId = "brand", ownership = "direct",
            canShip = true, canPickup = true,
        }, cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/skus/{Sku}", ops, new { name = "Studio serum", listPrice = 12_900 }, cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/stores/{Store}/stock/{Sku}", ops, new { onHand = 5_000_000 }, cancellationToken);
        await edge.SendAsync(HttpMethod.Put, $"/api/guides/{Host}", ops, new { name = "Room host", storeId = Store, teamId = "team-live" }, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, Buyers), cancellationToken, async (i, ct) =>
            await edge.SendAsync(HttpMethod.Put, $"/api/members/buyer-{i}", ops, new { name = $"Buyer {i}" }, ct));
    }

    /// <summary>A live, started room with enough flash sales for <paramref name="units"/> buys of one unit.</summary>
    private static async Task<BusyRoom> OpenRoomAsync(IGrainFactory grains, string roomId, int units)
    {
        var room = grains.GetGrain<ILiveRoomGrain>(roomId);
        await room.Create(new CreateLiveRoom(Host, $"Busy room {roomId}", Region, [Sku]));
        await room.Start(HostActor);
        var sales = (units + SaleUnits - 1) / SaleUnits;
        for (var s = 0; s < sales; s++)
        {
            await room.StartFlashSale(HostActor, $"sale-{s}", Sku, Price, Math.Min(SaleUnits, units - s * SaleUnits));
        }

        return new BusyRoom(room);
    }

    /// <summary>Buys everyone at once; returns how many got a unit.</summary>
    private static async Task<int> SellOutAsync(int buyers, Func<Task<bool>> buy)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, buyers).Select(_ => Task.Run(buy)));
        return results.Count(bought => bought);
    }

    /// <summary>
    /// A room whose buys each take the next unit: buy n goes to sale n / <see cref="SaleUnits"/>, so no sale is asked
    /// for more than it has and every refusal is an error of the system, not a sell-out.
    /// </summary>
    private sealed class BusyRoom(ILiveRoomGrain room)
    {
        private long _next = -1;
        private long _acknowledged;

        public ILiveRoomGrain Room => room;

        public long Acknowledged => Interlocked.Read(ref _acknowledged);

        public ScenarioRunner.Step Step => async (_, _) =>
        {
            try
            {
                await BuyAsync();
                return null;
            }
            catch (DomainException error)
            {
                return error.Code;
            }
        };

        public async Task BuyAsync()
        {
            var n = Interlocked.Increment(ref _next);
            var buyer = new Actor($"buyer-{n % Buyers}", "Buyer", Roles.Member);
            await room.Buy(buyer, $"sale-{n / SaleUnits}", $"{room.GetPrimaryKeyString()}-order-{n}", 1, 31.2323, 121.4735);
            Interlocked.Increment(ref _acknowledged);
        }

        /// <summary>The units the room's sales no longer have free: held by orders or sold.</summary>
        public async Task<int> TakenAsync() => (await room.GetSnapshot()).FlashSales.Sum(s => s.Quantity - s.Remaining);
    }

    /// <summary>Order activations on the silo now: each unpaid order, until it is collected, is one.</summary>
    private static async Task<long> OrdersInMemoryAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("OrderGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);
    }
}
