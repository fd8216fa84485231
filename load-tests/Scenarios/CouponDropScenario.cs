using System.Globalization;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.LoadTests.Harness;
using PrivateDomain.Realtime.LoadTests.Peers;

namespace PrivateDomain.Realtime.LoadTests.Scenarios;

/// <summary>
/// Viewers grabbing the coupons a host drops in a live room: many members claim at once from one drop of 1,000 (the
/// next drop opens as one runs out), each claim a member's first of that drop, as <c>ICouponDropGrain.Claim</c> from an
/// Orleans client — the call the hub's <c>ClaimCoupon</c> makes — on PostgreSQL storage. A claim completes when it is
/// stored and the member holds the coupon. The peer, in the same run: one PostgreSQL statement per claim that takes a
/// coupon from the drop's row while any is left, records the claim and gives the member the coupon.
/// </summary>
public sealed class CouponDropScenario : IScenario
{
    private const int RoomsPerRun = 3;

    public string Name => "coupon-drop";

    public string Description => "coupons claimed/s from live-room coupon drops of 1,000, and a PostgreSQL peer";

    public bool CanTarget => false;

    public async Task RunAsync(LoadOptions options, Report report, CancellationToken cancellationToken)
    {
        var copies = options.Concurrency ?? 200;
        var quantity = options.Quick ? 100 : CouponDropView.MaxQuantity;
        var dropsPerRoom = 100;
        var drops = RoomsPerRun * dropsPerRoom;

        await using var systemDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "system");
        await using var peerDb = await BenchmarkDatabase.CreateAsync(options.PostgresAdmin, "peer");
        var cluster = systemDb.SystemSettings();
        cluster["LiveRooms:MaxCouponDrops"] = dropsPerRoom.ToString(CultureInfo.InvariantCulture);
        await using var edge = await EdgeUnderTest.StartOrAttachAsync(options, cluster, cancellationToken);
        await using var orleans = await OrleansClientConnection.ConnectAsync(cluster, cancellationToken);
        await using var peer = await PostgresCouponDropPeer.CreateAsync(peerDb.ConnectionString, Math.Min(copies, 64));

        report.Notes.Add($"Each system: {copies:N0} members claiming at once (closed model; at most 64 PostgreSQL connections for the peer), " +
            $"from drops of {quantity:N0} coupons taken one after another, each claim a different member's first of its drop. The Edge runs " +
            "embedded with Storage:Provider=PostgreSQL and is called from this process as an Orleans client; a claim is stored, then the member " +
            "is given the coupon (its member grain stores it). PostgreSQL (fsync on) is shared by both systems.");
        Console.WriteLine(Report.Header);

        var perSecond = new Dictionary<string, double>();
        if (options.Measures("grain"))
        {
            var keys = await OpenDropsAsync(edge, orleans.Grains, dropsPerRoom, quantity, cancellationToken);
            await Parallel.ForEachAsync(Enumerable.Range(0, quantity), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                await orleans.Grains.GetGrain<IMemberGrain>(MemberId(i)).Upsert(new MemberUpdate($"Viewer {i}", [], null)));

            var claims = new ClaimSequence(quantity, drops);
            var acknowledged = 0L;
            async ValueTask<string?> Claim(long _, CancellationToken ct)
            {
                if (claims.Next() is not var (drop, member))
                {
                    return ClaimSequence.NoDropLeft;
                }

                try
                {
                    await orleans.Grains.GetGrain<ICouponDropGrain>(keys[drop]).Claim(member);
                    Interlocked.Increment(ref acknowledged);
                    return null;
                }
                catch (DomainException e)
                {
                    return e.Code;
                }
            }

            perSecond["grain"] = await MeasureAsync(report, options, "coupon drop (Orleans client)", copies, edge.Usage(), Claim, cancellationToken);

            var taken = 0L;
            foreach (var key in keys)
            {
                taken += quantity - (await orleans.Grains.GetGrain<ICouponDropGrain>(key).Get())!.Remaining;
            }

            report.Invariant("coupon drop: every acknowledged claim took one coupon, and no drop gave more than it had",
                taken == acknowledged, string.Create(CultureInfo.InvariantCulture, $"{acknowledged} claims acknowledged, {taken} coupons taken from the drops"));
        }

        if (options.Measures("postgres"))
        {
            await peer.OpenAsync(drops, quantity);
            var claims = new ClaimSequence(quantity, drops);
            var acknowledged = 0L;
            async ValueTask<string?> Claim(long _, CancellationToken ct)
            {
                if (claims.Next() is not var (drop, member))
                {
                    return ClaimSequence.NoDropLeft;
                }

                if (!await peer.ClaimAsync($"drop-{drop}", member, ct))
                {
                    return ErrorCodes.CouponsGone;
                }

                Interlocked.Increment(ref acknowledged);
                return null;
            }

            perSecond["postgres"] = await MeasureAsync(report, options, "PostgreSQL peer", copies, null, Claim, cancellationToken);
            var (taken, claimRows, coupons) = await peer.CountsAsync();
            report.Invariant("PostgreSQL peer: every acknowledged claim took one coupon, and no drop gave more than it had",
                taken == acknowledged && claimRows == acknowledged && coupons == acknowledged,
                string.Create(CultureInfo.InvariantCulture, $"{acknowledged} claims acknowledged, {taken} taken, {claimRows} claims, {coupons} coupons"));
        }

        if (perSecond.TryGetValue("grain", out var grain) && perSecond.TryGetValue("postgres", out var postgres) && postgres > 0)
        {
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Coupon drop: {grain:N0} claims/s, {grain / postgres:0.0}× the PostgreSQL peer's {postgres:N0}/s."));
        }
    }

    private static string MemberId(int index) => $"viewer-{index}";

    /// <summary>Claims in order: each drop's members 0…quantity-1, then the next drop — every claim a member's first of its drop.</summary>
    private sealed class ClaimSequence(int quantity, int drops)
    {
        public const string NoDropLeft = "no drop left (a longer run needs more drops)";

        private long _next = -1;

        public (int Drop, string Member)? Next()
        {
            var n = Interlocked.Increment(ref _next);
            return n / quantity < drops ? ((int)(n / quantity), MemberId((int)(n % quantity))) : null;
        }
    }

    /// <summary>A live room per <see cref="RoomsPerRun"/>, each with its drops made by ops through the room; the drops' grain keys, in order.</summary>
    private static async Task<List<string>> OpenDropsAsync(EdgeUnderTest edge, IGrainFactory grains, int dropsPerRoom, int quantity, CancellationToken cancellationToken)
    {
        var ops = await edge.TokenAsync("ops-bench", "ops", cancellationToken);
        await HostStudio.DefineAsync(edge, ops, cancellationToken);
        var host = await HostStudio.DefineGuideAsync(edge, ops, "host-drops", cancellationToken);
        await edge.SendAsync(HttpMethod.Put, "/api/skus/drop-sku", ops, new { name = "Night cream", listPrice = 59_900 }, cancellationToken);
        var actor = new Actor("ops-bench", "Operations", Roles.Ops);
        var keys = new List<string>();
        for (var r = 0; r < RoomsPerRun; r++)
        {
            var room = grains.GetGrain<ILiveRoomGrain>($"drops-room-{r}");
            await room.Create(new CreateLiveRoom(host, "Coupon rain", HostStudio.Region, ["drop-sku"]));
            await room.Start(actor);
            for (var d = 0; d < dropsPerRoom; d++)
            {
                await room.DropCoupon(actor, $"drop-{d}", 2_000, 20_000, quantity);
                keys.Add(ICouponDropGrain.KeyFor($"drops-room-{r}", $"drop-{d}"));
            }
        }

        return keys;
    }

    private async Task<double> MeasureAsync(
        Report report, LoadOptions options, string system, int copies, ProcessUsage? server, ScenarioRunner.Step claim, CancellationToken cancellationToken)
    {
        var warmUp = new LoadPhase("warm-up", options.RampUp, new LoadShape.KeepConcurrent(Math.Max(1, copies / 4)), IsRampUp: true);
        var (warmStats, warmElapsed) = await ScenarioRunner.RunAsync(warmUp, claim, cancellationToken);
        report.Add(PhaseResult.From(Name, system, warmUp, warmElapsed, warmStats));

        var phase = new LoadPhase(string.Create(CultureInfo.InvariantCulture, $"{copies:N0} claiming at once"), options.Duration, new LoadShape.KeepConcurrent(copies));
        var usage = PhaseUsage.Start(server);
        var (stats, elapsed) = await ScenarioRunner.RunAsync(phase, claim, cancellationToken);
        var metrics = new Dictionary<string, double>();
        usage.Stop(elapsed, metrics);
        report.Add(PhaseResult.From(Name, system, phase, elapsed, stats, metrics));
        return stats.Ok / elapsed.TotalSeconds;
    }
}
