using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Effects;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

/// <summary>
/// Long seeded random runs of what scores — orders paid (through a guide's shared link, the member's own guide or the
/// host's live room, paid again, paid twice at once, paid through a lost answer), sales rung up at a store's till (sent
/// again, at once, through a failed write or a lost answer, numbered like an online order, refused), members scanning
/// guides' cards and moved by operations, guides moved to the other team, PKs between guides or teams on sales, orders
/// or new members, the reports of a sale or a binding failing at the boards, at a PK, at the guide's, the store's or
/// the room's own figures and retried (also in a PK's last seconds), time passing over PK ends, midnight and the room's
/// 72 hours, PKs, guides, the store, the room and the boards leaving memory — checked after every step against a model:
/// each guide's figures today, each team's guide boards (sales, new members, commission), each store's sales, the
/// room's figures and board, the region's new members, each member's paid spend and points, and each PK's scores,
/// targets reached and status, with never more coins paid than targets reached. At the end every PK has ended on the
/// model's board, named the model's winner, and paid each guide who reached a target once. So each paid order and each
/// binding counts exactly once wherever it counts.
/// </summary>
public abstract class ScoringModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;
    private const int MaxPksOpen = 4;

    private static readonly ScoringOptions Scoring = new();

    private static readonly decimal CommissionRate = new SettlementOptions().CommissionRate;

    private readonly LocalCalendar _calendar = new(Options.Create(new CalendarOptions()), fixture.Clock);

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each, then every PK's end.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await ScoringRun.Open(fixture.Grains, fixture.Clock.GetUtcNow());
        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertScores(run, final: false));

        if (run.Pks.Count > 0)
        {
            var settled = run.Pks.Max(p => p.Definition.EndsAt) + Scoring.PkSettleDelay - fixture.Clock.GetUtcNow();
            if (settled > TimeSpan.Zero)
            {
                SeededRuns.LetTimePass(fixture.Clock, settled);
            }
        }

        // A PK freezes its board and pays its rewards on its own timer, which runs on the grains' clock.
        await SeededRuns.Until(
            async () =>
            {
                SeededRuns.LetTimePass(fixture.Clock, Scoring.PkPushInterval);
                return (await Task.WhenAll(run.Pks.Select(p => run.Pk(p.PkId).Get()))).All(p => p!.Status == PkStatus.Ended);
            },
            () => "not every PK ended after its window");
        await AssertScores(run, final: true);
    }

    private async Task<string> Step(ScoringRun run, Random random) => random.Next(100) switch
    {
        < 18 => await Buy(run, random, sharedLink: false),
        < 24 => await Buy(run, random, sharedLink: true),
        < 27 => await Buy(run, random, sharedLink: random.Next(2) == 0, inRoom: true),
        < 28 => await EndTheRoom(run),
        < 32 => await PayAgain(run, random),
        < 36 => await PayTwiceAtOnce(run, random),
        < 40 => await PayThroughALostAnswer(run, random),
        < 48 => await Scan(run, random),
        < 52 => await MoveAMember(run, random),
        < 55 => await MoveAGuide(run, random),
        < 62 => await CreatePk(run, random),
        < 70 => await ScoreThroughAFailure(run, random),
        < 76 => await RingUpInStore(run, random),
        < 86 => Advance(run, random),
        < 91 => run.Pks.Count == 0 ? "no PK to restart" : await Restart(run.Pk(run.Pks[random.Next(run.Pks.Count)].PkId), "a PK"),
        < 95 => await Restart(run.Guide(run.GuideIds[random.Next(run.GuideIds.Length)]), "a guide"),
        < 96 => await Restart(fixture.Grains.GetGrain<IStoreGrain>(run.Shop.DirectStore), "the store"),
        < 97 => await Restart(run.Room, "the room"),
        _ => await Restart(fixture.Grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key), "the boards"),
    };

    /// <summary>
    /// A member places an order and pays it; it counts for the guide of the link it came through, else the member's own —
    /// or, placed from the live room while it is live or within 72 hours of its end, for the room and its host.
    /// </summary>
    private async Task<string> Buy(ScoringRun run, Random random, bool sharedLink, string? guideId = null, bool inRoom = false)
    {
        var memberId = run.MemberIds[random.Next(run.MemberIds.Count)];
        var shared = guideId ?? (sharedLink ? run.GuideIds[random.Next(run.GuideIds.Length)] : null);
        var order = await Place(run, random, memberId, shared, inRoom);
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        var (paid, refused) = await SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Pay(payment));

        Assert.Null(refused);
        Assert.Equal(OrderStatus.Paid, paid!.Status);
        run.Paid(paid, payment.PaymentId, fixture.Clock.GetUtcNow());
        run.LatestSender = run.Shop.Order(order.OrderId);
        var where = (inRoom ? "in the room " : "") + (shared is null ? "" : "through a link ");
        return $"{Short(memberId)} pays {order.Total} {where}for {ShortOrNobody(order.GuideId)}{(order.LiveRoomId is null ? "" : " and the room")}";
    }

    private async Task<Order> Place(ScoringRun run, Random random, string memberId, string? sharedGuideId, bool inRoom = false)
    {
        var request = run.Shop.Placing((random.Next(2) == 0 ? run.Shop.Serum : run.Shop.Cream, random.Next(1, 3))) with
        {
            MemberId = memberId, GuideId = sharedGuideId, LiveRoomId = inRoom ? run.RoomId : null,
        };
        var (order, refused) = await SeededRuns.Attempt(() => run.Shop.Order(Shop.NewId("o")).Place(request));

        Assert.Null(refused);
        var toTheRoom = inRoom && run.RoomAttributes(fixture.Clock.GetUtcNow());
        Assert.Equal((toTheRoom ? run.RoomId : null, toTheRoom ? run.Shop.DirectGuide : sharedGuideId ?? run.Members[memberId]), (order!.LiveRoomId, order.GuideId));

        // Nearest to People's Square and never short of stock here: every order's goods, so all its sales, are its.
        Assert.All(order.Lines.SelectMany(l => l.Allocations), a => Assert.Equal(run.Shop.DirectStore, a.StoreId));
        return order;
    }

    /// <summary>The host ends the live room (once): orders placed from it count for it for 72 hours more.</summary>
    private async Task<string> EndTheRoom(ScoringRun run)
    {
        if (run.RoomEndedAt is not null)
        {
            return "the room has ended";
        }

        var (ended, refused) = await SeededRuns.Attempt(() => run.Room.End(run.Host));

        Assert.Null(refused);
        Assert.Equal(LiveRoomStatus.Ended, ended!.Status);
        run.RoomEndedAt = fixture.Clock.GetUtcNow();
        return "the room ends";
    }

    /// <summary>A paid order paid again: with its own payment, answered as paid; with another, refused. Neither counts again.</summary>
    private async Task<string> PayAgain(ScoringRun run, Random random)
    {
        if (run.Sales.Count == 0)
        {
            return "no paid order to pay again";
        }

        var sale = run.Sales[random.Next(run.Sales.Count)];
        if (sale.PaymentId is null)
        {
            return $"{Short(sale.OrderId)} was rung up in a store, not paid online";
        }

        var same = random.Next(2) == 0;
        var (paid, refused) = await SeededRuns.Attempt(() => run.Shop.Order(sale.OrderId).Pay(new PayOrder(same ? sale.PaymentId : Shop.NewId("p"), sale.Amount)));

        Assert.Equal(same ? null : ErrorCodes.OrderAlreadyPaid, refused);
        if (same)
        {
            Assert.Equal(OrderStatus.Paid, paid!.Status);
        }

        return $"pay {Short(sale.OrderId)} again {(same ? "with its payment" : "with another")}: {refused ?? "paid"}";
    }

    /// <summary>
    /// A guide rings up a sale at the till of its store, for a member or a walk-in: recorded once, sent again (a new
    /// time, the same sale), twice at once, or through a write that fails or lands with its answer lost and is sent
    /// again — it counts like a paid order for the guide, its team, its store, its PKs and the member, once, also when its
    /// id is an online order's. The same sale id with another amount, or rung up by a guide of another store, is refused
    /// and counts nowhere.
    /// </summary>
    private async Task<string> RingUpInStore(ScoringRun run, Random random)
    {
        var guideId = run.GuideIds[random.Next(run.GuideIds.Length)];
        var memberId = random.Next(3) == 0 ? null : run.MemberIds[random.Next(run.MemberIds.Count)];
        var saleId = Shop.NewId("s");
        var now = fixture.Clock.GetUtcNow();

        // Now and then numbered like an online order its guide was paid for, by that guide for that member, as a till's
        // own numbering may: a sale of its own all the same.
        var paidOnline = run.Sales.Where(s => s.PaymentId is not null && !run.AllSales.Exists(r => r.OrderId == $"instore/{s.OrderId}")).ToList();
        if (paidOnline.Count > 0 && random.Next(3) == 0)
        {
            var order = paidOnline[random.Next(paidOnline.Count)];
            (saleId, guideId, memberId) = (order.OrderId, order.GuideId, run.AllSales.Single(s => s.OrderId == order.OrderId).MemberId);
        }

        var sale = new InStoreSale(saleId, run.StoreOf(guideId), guideId, memberId, random.Next(1, 2_000) * 50L, now);
        var till = fixture.Grains.GetGrain<IInStoreSaleGrain>(sale.SaleId);
        var who = $"{Short(guideId)} rings up {sale.Amount}{(memberId is null ? "" : $" for {Short(memberId)}")}";

        if (random.Next(6) == 0)
        {
            var otherStore = sale with { StoreId = run.StoreOf(guideId) == run.Shop.DirectStore ? run.Shop.FranchiseStore : run.Shop.DirectStore };
            var (_, wrongStore) = await SeededRuns.Attempt(() => till.Record(otherStore));
            Assert.Equal(ErrorCodes.GuideNotInStore, wrongStore);
            Assert.Null(await till.Get());
            return $"{who} at another store: {wrongStore}";
        }

        string how;
        switch (random.Next(4))
        {
            case 0:
                how = "";
                Assert.Equal(sale, (await SeededRuns.Attempt(() => till.Record(sale))).Answer);
                break;
            case 1:
                how = ", sent again later";
                Assert.Equal(sale, (await SeededRuns.Attempt(() => till.Record(sale))).Answer);
                Assert.Equal(sale, (await SeededRuns.Attempt(() => till.Record(sale with { At = now.AddSeconds(random.Next(1, 60)) }))).Answer);
                break;
            case 2:
                how = ", twice at once";
                var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SeededRuns.Attempt(() => till.Record(sale), retryUnavailable: true)));
                Assert.All(answers, a => Assert.Equal((sale, null), (a.Answer, a.Refused)));
                break;
            default:
                var answerLost = random.Next(2) == 0;
                how = answerLost ? " through a lost answer" : " through a failed write";
                fixture.StorageFaults.BreakNextWrite(till.GetGrainId(), "sale", answerLost);
                var first = await Record.ExceptionAsync(() => till.Record(sale));
                Assert.Contains("Injected failure", first?.ToString());
                Assert.Equal(sale, (await SeededRuns.Attempt(() => till.Record(sale), retryUnavailable: true)).Answer);
                break;
        }

        run.RungUp(sale, (long)Math.Floor(sale.Amount * CommissionRate));
        if (random.Next(5) == 0)
        {
            var (_, conflict) = await SeededRuns.Attempt(() => till.Record(sale with { Amount = sale.Amount + 100 }));
            Assert.Equal(ErrorCodes.SaleConflict, conflict);
            how += ", then its id again for another amount (refused)";
        }

        return who + how;
    }

    /// <summary>The same payment sent twice at once: paid once, both answered as paid.</summary>
    private async Task<string> PayTwiceAtOnce(ScoringRun run, Random random)
    {
        var memberId = run.MemberIds[random.Next(run.MemberIds.Count)];
        var order = await Place(run, random, memberId, sharedGuideId: null);
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SeededRuns.Attempt(() => run.Shop.Order(order.OrderId).Pay(payment))));

        Assert.All(answers, a => Assert.Equal((OrderStatus.Paid, null), (a.Answer?.Status, a.Refused)));
        run.Paid(answers[0].Answer!, payment.PaymentId, fixture.Clock.GetUtcNow());
        return $"{Short(memberId)} pays {order.Total} twice at once for {ShortOrNobody(order.GuideId)}";
    }

    /// <summary>A payment stored with its answer lost, sent again: paid once.</summary>
    private async Task<string> PayThroughALostAnswer(ScoringRun run, Random random)
    {
        var memberId = run.MemberIds[random.Next(run.MemberIds.Count)];
        var order = await Place(run, random, memberId, sharedGuideId: null);
        var grain = run.Shop.Order(order.OrderId);
        var payment = new PayOrder(Shop.NewId("p"), order.Total);
        fixture.StorageFaults.LoseNextWriteAnswer(grain.GetGrainId(), "order");

        var first = await Record.ExceptionAsync(() => grain.Pay(payment));
        var (paid, refused) = await SeededRuns.Attempt(() => grain.Pay(payment));

        Assert.Contains("Injected failure", first?.ToString());
        Assert.Null(refused);
        Assert.Equal(OrderStatus.Paid, paid!.Status);
        run.Paid(paid, payment.PaymentId, fixture.Clock.GetUtcNow());
        return $"{Short(memberId)} pays {order.Total} for {ShortOrNobody(order.GuideId)} through a lost answer";
    }

    /// <summary>
    /// A new member scans a guide's card (a new binding), or a member scans another card (the first scan wins, nothing
    /// counts); given a guide, a new member scans theirs.
    /// </summary>
    private async Task<string> Scan(ScoringRun run, Random random, string? newMembersGuideId = null)
    {
        var guideId = newMembersGuideId ?? run.GuideIds[random.Next(run.GuideIds.Length)];
        var memberId = newMembersGuideId is not null || random.Next(4) > 0 ? await run.NewMember() : run.MemberIds[random.Next(run.MemberIds.Count)];
        var (binding, refused) = await SeededRuns.Attempt(() => run.Member(memberId).BindGuide(guideId, reassign: false));
        run.LatestSender = run.Member(memberId);

        Assert.Null(refused);
        var bound = run.Members[memberId];
        Assert.Equal((bound ?? guideId, bound is null), (binding!.GuideId, binding.Changed));
        if (binding.Changed)
        {
            run.Bound(memberId, guideId, binding.BoundAt);
        }

        return $"{Short(memberId)} scans {Short(guideId)}: {(binding.Changed ? "bound" : "kept " + Short(bound!))}";
    }

    /// <summary>Operations move a member to another guide: a new binding for that guide.</summary>
    private async Task<string> MoveAMember(ScoringRun run, Random random)
    {
        var bound = run.MemberIds.Where(m => run.Members[m] is not null).ToList();
        var memberId = bound[random.Next(bound.Count)];
        var others = run.GuideIds.Where(g => g != run.Members[memberId]).ToList();
        var guideId = others[random.Next(others.Count)];
        var (binding, refused) = await SeededRuns.Attempt(() => run.Member(memberId).BindGuide(guideId, reassign: true));

        Assert.Null(refused);
        Assert.Equal((guideId, true), (binding!.GuideId, binding.Changed));
        run.Bound(memberId, guideId, binding.BoundAt);
        return $"ops move {Short(memberId)} to {Short(guideId)}";
    }

    /// <summary>
    /// Operations move a guide to the other team: their sales and new members from now on count for it in team PKs,
    /// and the boards list the guide under it from their next report (with all of the day's figures).
    /// </summary>
    private async Task<string> MoveAGuide(ScoringRun run, Random random)
    {
        var guideId = run.GuideIds[random.Next(run.GuideIds.Length)];
        var team = run.Teams.First(t => t != run.Team[guideId]);
        var profile = (await run.Guide(guideId).GetProfile())!;
        var (moved, refused) = await SeededRuns.Attempt(() => run.Guide(guideId).Define(profile with { TeamId = team }));

        Assert.Null(refused);
        Assert.Equal(team, moved!.TeamId);
        run.Team[guideId] = team;
        return $"{Short(guideId)} moves to {Short(team)}";
    }

    /// <summary>Operations set up a PK starting within two minutes, for one to fifteen minutes, with targets some will reach.</summary>
    private async Task<string> CreatePk(ScoringRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        if (run.Pks.Count(p => now < p.Definition.EndsAt) >= MaxPksOpen)
        {
            return "enough PKs open";
        }

        var metric = (PkMetric)random.Next(3);
        var teams = random.Next(3) == 0;
        long Target() => metric switch
        {
            PkMetric.Sales => random.Next(1, 5) * 60_000L,
            PkMetric.Orders => random.Next(1, 5),
            _ => random.Next(1, 4),
        };
        var participants = teams
            ? run.Teams.Select(t => new PkParticipant(t, PkParticipantKind.Team, Target()))
            : run.GuideIds.OrderBy(_ => random.Next()).Take(random.Next(2, 4)).Select(g => new PkParticipant(g, PkParticipantKind.Guide, Target()));
        var startsAt = now + TimeSpan.FromSeconds(random.Next(0, 120)) + TimeSpan.FromMilliseconds(500);
        var definition = new CreatePk($"PK {run.Pks.Count + 1}", metric, [.. participants], startsAt, startsAt + TimeSpan.FromMinutes(random.Next(1, 16)));
        var pkId = Shop.NewId("pk");
        var (created, refused) = await SeededRuns.Attempt(() => run.Pk(pkId).Create(definition));

        Assert.Null(refused);
        Assert.Equal(PkStatus.Scheduled, created!.Status);
        run.Pks.Add(new PkInModel(pkId, definition));
        return $"PK {run.Pks.Count} on {metric} between {string.Join(", ", definition.Participants.Select(p => $"{Short(p.Id)} ({p.Target})"))}, "
            + $"{(startsAt - now).TotalSeconds:0} s to {(definition.EndsAt - now).TotalSeconds:0} s from now";
    }

    /// <summary>
    /// A sale's or a binding's report fails: the boards cannot store it, a PK cannot store its points (or stores them
    /// and its answer is lost), or the guide's figures cannot be written (or are, the answer lost). The order's or the
    /// member's outbox sends it again a few seconds later; it counts once everywhere — also in a PK's last seconds, whose
    /// settle delay waits for that retry.
    /// </summary>
    private async Task<string> ScoreThroughAFailure(ScoringRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var lost = random.Next(2) == 0;

        // A PK scoring now, and a guide whose sale or new member scores in it (a team may have no guide left).
        var scoring = (
            from open in run.Pks
            where open.Definition.StartsAt <= now && now < open.Definition.EndsAt
            from participant in open.Definition.Participants
            from guide in run.GuideIds
            where guide == participant.Id || run.Team[guide] == participant.Id
            select (Pk: open, GuideId: guide)).ToList();
        string owner, what, guideId;
        switch (random.Next(5))
        {
            case 0 when scoring.Count > 0:
                (var pk, guideId) = scoring[random.Next(scoring.Count)];
                owner = $"pk/{pk.PkId}";
                what = $"PK {run.Pks.IndexOf(pk) + 1}'s points";
                fixture.StorageFaults.BreakNextAppend(owner, lost);
                what += pk.Definition.Metric == PkMetric.NewMembers
                    ? $" ({await Scan(run, random, guideId)})"
                    : $" ({await Buy(run, random, sharedLink: true, guideId)})";
                break;
            case 1:
                guideId = run.GuideIds[random.Next(run.GuideIds.Length)];
                owner = $"guide/{guideId}";
                what = $"{Short(guideId)}'s figures";
                fixture.StorageFaults.BreakNextAppend(owner, lost);
                what += random.Next(2) == 0 ? $" ({await Scan(run, random, guideId)})" : $" ({await Buy(run, random, sharedLink: true, guideId)})";
                break;
            case 2:
                guideId = run.GuideIds[random.Next(run.GuideIds.Length)];
                owner = $"store/{run.Shop.DirectStore}";
                what = "the store's figures";
                fixture.StorageFaults.BreakNextAppend(owner, lost);
                what += $" ({await Buy(run, random, sharedLink: true, guideId)})";
                break;
            case 3 when run.RoomAttributes(now):
                guideId = run.Shop.DirectGuide;
                owner = $"room/{run.RoomId}";
                what = "the room's figures";
                fixture.StorageFaults.BreakNextAppend(owner, lost);
                what += $" ({await Buy(run, random, sharedLink: false, inRoom: true)})";
                break;
            default:
                guideId = run.GuideIds[random.Next(run.GuideIds.Length)];
                owner = "";
                lost = false;
                what = $"the boards' facts of {Short(guideId)}";
                fixture.StorageFaults.FailNextFactSaveOf(guideId);
                what += $" ({await Buy(run, random, sharedLink: true, guideId)})";
                break;
        }

        if (owner.Length > 0)
        {
            Assert.False(fixture.StorageFaults.AppendFaultPending(owner), $"{what} were never written");
        }

        // The retry runs on the sender's outbox timer once the clock has moved, after this step would have moved on. The
        // model takes it as done here, so the next step must find it done: a guide moving to the other team before the
        // retry reported them would be listed under the new team, as any report after a move lists them.
        SeededRuns.LetTimePass(fixture.Clock, SeededRuns.OutboxRetry + TimeSpan.FromSeconds(1));
        var sender = run.LatestSender!;
        await SeededRuns.Until(
            async () => !(await Activations.Reminders(fixture.Cluster, sender)).Contains(Outbox.ReminderName),
            () => $"{what}: {sender.GetGrainId()} still has effects to deliver");
        return $"{what} {(lost ? "stored with the answer lost" : "failing")}, sent again";
    }

    /// <summary>
    /// Seconds pass, or minutes, or to a PK's last seconds (for what happens next to happen there), or to just past the
    /// next PK's settling, or hours (over midnight now and then), or days (past the room's 72 hours).
    /// </summary>
    private string Advance(ScoringRun run, Random random)
    {
        var now = fixture.Clock.GetUtcNow();
        var nextEnd = run.Pks.Select(p => p.Definition.EndsAt).Where(end => end > now + TimeSpan.FromSeconds(5)).Order().FirstOrDefault();
        var nextSettled = run.Pks.Select(p => p.Definition.EndsAt + Scoring.PkSettleDelay).Where(end => end > now).Order().FirstOrDefault();
        var by = random.Next(20) switch
        {
            < 12 => TimeSpan.FromSeconds(random.Next(0, 90)),
            < 14 => TimeSpan.FromMinutes(6),
            < 16 when nextEnd != default => nextEnd - now - TimeSpan.FromSeconds(random.Next(1, 5)),
            < 19 when nextSettled != default => nextSettled - now + TimeSpan.FromMilliseconds(200),
            _ => random.Next(3) == 0 ? TimeSpan.FromDays(random.Next(1, 4)) : TimeSpan.FromHours(random.Next(2, 12)),
        };
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by:g} passes";
    }

    private async Task<string> Restart(IGrain grain, string what)
    {
        await Activations.Deactivate(fixture.Grains, grain);
        return $"restart {what}";
    }

    /// <summary>What the model says each guide, board and PK shows now; <paramref name="final"/>: every PK ended and every reward paid.</summary>
    private async Task AssertScores(ScoringRun run, bool final)
    {
        var now = fixture.Clock.GetUtcNow();
        var today = _calendar.DayOf(now);
        foreach (var guideId in run.GuideIds)
        {
            var expected = run.Today(guideId, today, _calendar);
            var coins = Scoring.TargetCoins * run.Pks.Count(pk => pk.Reached(guideId, run));
            await SeededRuns.Until(
                () => run.Guide(guideId).GetView(),
                view => (view!.Today.Date, view.Today.SalesAmount, view.Today.Orders, view.Today.NewMembers, view.Today.Commission) == expected
                    && (final ? view.Coins == coins : view.Coins <= coins && view.Coins % Scoring.TargetCoins == 0),
                view => $"{guideId} shows {view!.Today} and {view.Coins} coins; expected {expected} and {(final ? "" : "at most ")}{coins} coins");
        }

        var boards = fixture.Grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        foreach (var team in run.Teams)
        {
            foreach (var (board, score) in new (string, Func<(DateOnly Day, long Sales, int Orders, int NewMembers, long Commission), long>)[]
            {
                ("guide-sales", f => f.Sales), ("guide-new-members", f => f.NewMembers), ("guide-commission", f => f.Commission),
            })
            {
                var expected = Ranked(run.GuideIds.Where(g => run.BoardTeam.GetValueOrDefault(g) == team).Select(g => (g, score(run.Today(g, today, _calendar)))));
                await SeededRuns.Until(
                    () => boards.Top(board, $"team:{team}", 50),
                    top => top.Day == today && top.Entries.Select(e => (e.Rank, e.Id, e.Score)).SequenceEqual(expected),
                    top => $"{board} of {team} on {top.Day} shows {Describe(top.Entries.Select(e => (e.Rank, e.Id, e.Score)))}; expected {Describe(expected)} on {today}");
            }
        }

        foreach (var storeId in new[] { run.Shop.DirectStore, run.Shop.FranchiseStore })
        {
            var storeSales = run.AllSales.Where(s => s.StoreId == storeId && _calendar.DayOf(s.At) == today).Sum(s => s.Amount);
            await SeededRuns.Until(
                () => boards.Rank("store-sales", "all", storeId),
                rank => rank.Score == storeSales,
                rank => $"{storeId}'s sales today show {rank.Score}; expected {storeSales}");
        }

        // Each member's paid spend and points: every order they paid and every sale rung up for them, whoever it
        // counted for, credited once, a point per whole yuan of each.
        foreach (var memberId in run.MemberIds)
        {
            var bought = run.AllSales.Where(s => s.MemberId == memberId).ToList();
            var expected = (bought.Sum(s => s.Amount), bought.Sum(s => s.Amount / 100));
            await SeededRuns.Until(
                async () => (await fixture.Grains.GetGrain<IMemberGrain>(memberId).GetProfile())!,
                member => (member.PaidSpend, member.Points) == expected,
                member => $"{memberId} has paid spend {member.PaidSpend} and {member.Points} points, not the {expected} of their {bought.Count} purchases");
        }

        // The room's figures: every order it counted, those paid in the 72 hours after it ended, and today's on its board.
        var roomSales = (Orders: run.RoomSales.Count, Gmv: run.RoomSales.Sum(s => s.Amount),
            AfterEnd: run.RoomSales.Where(s => s.At > run.RoomEndedAt && s.At < run.RoomEndedAt + TimeSpan.FromHours(72)).Sum(s => s.Amount));
        await SeededRuns.Until(
            () => run.Room.GetStats(),
            stats => (stats.Orders, stats.Gmv, stats.GmvAfterEnd) == roomSales,
            stats => $"the room shows {(stats.Orders, stats.Gmv, stats.GmvAfterEnd)} (orders, gmv, after its end); expected {roomSales}");
        var roomToday = run.RoomSales.Where(s => _calendar.DayOf(s.At) == today).Sum(s => s.Amount);
        await SeededRuns.Until(
            () => boards.Rank("room-gmv", "all", run.RoomId),
            rank => rank.Score == roomToday,
            rank => $"the room's gmv today shows {rank.Score}; expected {roomToday}");

        var regionNewMembers = run.GuideIds.Sum(g => run.Today(g, today, _calendar).NewMembers);
        await SeededRuns.Until(
            () => boards.Rank("region-new-members", "all", run.Shop.RegionId),
            rank => rank.Score == regionNewMembers,
            rank => $"the region's new members today show {rank.Score}; expected {regionNewMembers}");

        foreach (var pk in run.Pks)
        {
            var scores = pk.Definition.Participants.Select(p => (p.Id, Score: pk.Score(p.Id, run), Reached: pk.Score(p.Id, run) >= p.Target)).ToList();
            var settled = now >= pk.Definition.EndsAt + Scoring.PkSettleDelay;
            PkStatus[] statuses = final ? [PkStatus.Ended]
                : now < pk.Definition.StartsAt ? [PkStatus.Scheduled]
                : settled ? [PkStatus.Running, PkStatus.Ended]
                : [PkStatus.Running];
            var best = scores.Max(s => s.Score);
            var leaders = scores.Where(s => s.Score == best).Select(s => s.Id).ToList();
            await SeededRuns.Until(
                () => run.Pk(pk.PkId).Get(),
                view => view!.Scores.Select(s => (s.Id, s.Score, s.Reached)).SequenceEqual(scores)
                    && statuses.Contains(view.Status)
                    && (view.Status != PkStatus.Ended || (view.WinnerId, view.Tie) == (leaders.Count == 1 ? leaders[0] : null, leaders.Count > 1)),
                view => $"PK {run.Pks.IndexOf(pk) + 1} ({pk.Definition.Metric}) is {view!.Status} with {Describe(view.Scores.Select(s => (s.Id, s.Score, s.Reached)))}, winner {view.WinnerId ?? "none"}; "
                    + $"expected {string.Join(" or ", statuses)} with {Describe(scores)}");
        }
    }

    /// <summary>A board's entries: scores above zero, highest first, equal scores sharing a rank, ties in id order.</summary>
    private static List<(int Rank, string Id, long Score)> Ranked(IEnumerable<(string Id, long Score)> scores)
    {
        var ranked = new List<(int Rank, string Id, long Score)>();
        foreach (var (id, score) in scores.Where(s => s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            ranked.Add((ranked.Count > 0 && ranked[^1].Score == score ? ranked[^1].Rank : ranked.Count + 1, id, score));
        }

        return ranked;
    }

    private static string Describe<T>(IEnumerable<T> entries) => $"[{string.Join(", ", entries)}]";

    /// <summary>A guide or a team by the name its id starts with ("g-nanjing", "team-puxim"), anything else by the end of its id.</summary>
    private static string Short(string id) =>
        id.StartsWith("g-", StringComparison.Ordinal) || id.StartsWith("team-", StringComparison.Ordinal) ? id[..id.IndexOf('-', id.IndexOf('-') + 1)] : id[^6..];

    private static string ShortOrNobody(string? id) => id is null ? "nobody" : Short(id);

    /// <summary>A sale a guide is credited with: a paid order (with its payment) or a sale rung up in a store (none).</summary>
    private sealed record SaleInModel(string OrderId, string? PaymentId, string GuideId, string TeamId, long Amount, long Commission, DateTimeOffset At);

    private sealed record BindingInModel(string MemberId, string GuideId, string TeamId, DateTimeOffset At);

    private sealed record PkInModel(string PkId, CreatePk Definition)
    {
        /// <summary>
        /// The participant's score: its paid orders (or their amounts) in the window; or the members it gained in the
        /// window, each once however often they came and went.
        /// </summary>
        public long Score(string participantId, ScoringRun run)
        {
            var kind = Definition.Participants[0].Kind;
            bool Counts(string guideId, string teamId, DateTimeOffset at) =>
                (kind == PkParticipantKind.Guide ? guideId : teamId) == participantId && at >= Definition.StartsAt && at < Definition.EndsAt;
            return Definition.Metric switch
            {
                PkMetric.Sales => run.Sales.Where(s => Counts(s.GuideId, s.TeamId, s.At)).Sum(s => s.Amount),
                PkMetric.Orders => run.Sales.Count(s => Counts(s.GuideId, s.TeamId, s.At)),
                _ => run.Bindings.Where(b => Counts(b.GuideId, b.TeamId, b.At)).Select(b => b.MemberId).Distinct().Count(),
            };
        }

        public bool Reached(string guideId, ScoringRun run) =>
            Definition.Participants.Any(p => p.Kind == PkParticipantKind.Guide && p.Id == guideId && Score(guideId, run) >= p.Target);
    }

    private sealed class ScoringRun
    {
        private ScoringRun(Shop shop)
        {
            Shop = shop;
            GuideIds = [shop.DirectGuide, shop.FranchiseGuide, "g-pudong" + shop.Member[1..]];
            Teams = ["team-puxi" + shop.Member, "team-pudong" + shop.Member];
            Team = new() { [GuideIds[0]] = Teams[0], [GuideIds[1]] = Teams[0], [GuideIds[2]] = Teams[1] };
        }

        public Shop Shop { get; }

        /// <summary>The direct store's guide's live room, live from the start until a step ends it.</summary>
        public ILiveRoomGrain Room { get; private init; } = null!;

        public string RoomId => Room.GetPrimaryKeyString();

        public Actor Host { get; private init; } = null!;

        public DateTimeOffset? RoomEndedAt { get; set; }

        /// <summary>The paid orders placed from the room while it counted them.</summary>
        public List<(string OrderId, long Amount, DateTimeOffset At)> RoomSales { get; } = [];

        /// <summary>Three guides, all in the shop's region.</summary>
        public string[] GuideIds { get; }

        public string[] Teams { get; }

        /// <summary>Each guide's team: two in the first, one in the other, until guides move.</summary>
        public Dictionary<string, string> Team { get; }

        /// <summary>The team the boards list each guide under today: the one it was in when it last reported (a move alone reports nothing).</summary>
        public Dictionary<string, string> BoardTeam { get; } = [];

        /// <summary>The order or member whose outbox sent the latest sale's or binding's credits.</summary>
        public IGrain? LatestSender { get; set; }

        /// <summary>Each member and the guide they are bound to (none for a walk-in).</summary>
        public Dictionary<string, string?> Members { get; } = [];

        public List<string> MemberIds { get; } = [];

        /// <summary>The paid orders a guide is credited with.</summary>
        public List<SaleInModel> Sales { get; } = [];

        /// <summary>Every paid order, with a guide or without, and every sale rung up in a store: the stores' sales, the members' spend.</summary>
        public List<(string OrderId, string? MemberId, string StoreId, long Amount, DateTimeOffset At)> AllSales { get; } = [];

        public List<BindingInModel> Bindings { get; } = [];

        public List<PkInModel> Pks { get; } = [];

        public static async Task<ScoringRun> Open(IGrainFactory grains, DateTimeOffset now)
        {
            var (shop, room, host) = await Shop.OpenWithLiveRoom(grains, stockPerStore: 5_000);
            var run = new ScoringRun(shop) { Room = room, Host = host };
            await run.Guide(run.GuideIds[2]).Define(new GuideProfile(run.GuideIds[2], "Zhao Lei", run.Shop.FranchiseStore, run.Team[run.GuideIds[2]]));
            run.MemberIds.Add(run.Shop.Member);
            run.Members[run.Shop.Member] = null;
            run.Bound(run.Shop.Member, run.Shop.DirectGuide, now);
            await run.NewMember();
            return run;
        }

        /// <summary>Whether an order placed now from the room counts for it: while it is live, and for 72 hours after it ends.</summary>
        public bool RoomAttributes(DateTimeOffset now) => RoomEndedAt is not { } ended || now < ended + TimeSpan.FromHours(72);

        public IGuideGrain Guide(string guideId) => Shop.Grains.GetGrain<IGuideGrain>(guideId);

        public IMemberGrain Member(string memberId) => Shop.Grains.GetGrain<IMemberGrain>(memberId);

        public IPkGrain Pk(string pkId) => Shop.Grains.GetGrain<IPkGrain>(pkId);

        /// <summary>A member nobody is bound to yet.</summary>
        public async Task<string> NewMember()
        {
            var memberId = Shop.NewId("m");
            await Shop.NewMember(memberId);
            Members[memberId] = null;
            MemberIds.Add(memberId);
            return memberId;
        }

        /// <summary>A paid order (as its payment answered it, with its settlement): the guide's commission is its commission lines.</summary>
        public void Paid(Order paid, string paymentId, DateTimeOffset at)
        {
            AllSales.Add((paid.OrderId, paid.MemberId, Shop.DirectStore, paid.Total, at));
            if (paid.LiveRoomId is not null)
            {
                RoomSales.Add((paid.OrderId, paid.Total, at));
            }

            if (paid.GuideId is { } guideId)
            {
                var commission = paid.Settlement.Where(s => s.Kind == SettlementKind.Commission).Sum(s => s.Amount);
                Sales.Add(new SaleInModel(paid.OrderId, paymentId, guideId, Team[guideId], paid.Total, commission, at));
                BoardTeam[guideId] = Team[guideId];
            }
        }

        /// <summary>A sale rung up in a store: credited under its own id, as a paid order is under the order's.</summary>
        public void RungUp(InStoreSale sale, long commission)
        {
            var creditId = $"instore/{sale.SaleId}";
            AllSales.Add((creditId, sale.MemberId, sale.StoreId, sale.Amount, sale.At));
            Sales.Add(new SaleInModel(creditId, null, sale.GuideId, Team[sale.GuideId], sale.Amount, commission, sale.At));
            BoardTeam[sale.GuideId] = Team[sale.GuideId];
        }

        /// <summary>The direct store's guide works there; the other two in the franchise.</summary>
        public string StoreOf(string guideId) => guideId == Shop.DirectGuide ? Shop.DirectStore : Shop.FranchiseStore;

        public void Bound(string memberId, string guideId, DateTimeOffset at)
        {
            Members[memberId] = guideId;
            Bindings.Add(new BindingInModel(memberId, guideId, Team[guideId], at));
            BoardTeam[guideId] = Team[guideId];
        }

        /// <summary>A guide's figures on a day: its paid orders' amounts, count and commission, and the members it gained that day (each once).</summary>
        public (DateOnly Day, long Sales, int Orders, int NewMembers, long Commission) Today(string guideId, DateOnly day, LocalCalendar calendar)
        {
            var sales = Sales.Where(s => s.GuideId == guideId && calendar.DayOf(s.At) == day).ToList();
            var gained = Bindings.Where(b => b.GuideId == guideId && calendar.DayOf(b.At) == day).Select(b => b.MemberId).Distinct().Count();
            return (day, sales.Sum(s => s.Amount), sales.Count, gained, sales.Sum(s => s.Commission));
        }
    }
}
