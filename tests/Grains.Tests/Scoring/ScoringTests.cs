using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

[Collection(ClusterCollection.Name)]
public sealed class ScoringTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private ILeaderboardGrain Boards => _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);

    private IPkRegistryGrain Registry => _grains.GetGrain<IPkRegistryGrain>(IPkRegistryGrain.Key);

    [Fact]
    public async Task PaidOrders_RankGuidesStoresAndTheirTeamOnTodaysBoards_CountingDuplicatePaysOnce()
    {
        var shop = await Shop.Open(_grains);
        var first = await PaidOrder(shop, shop.Placing((shop.Serum, 2)) with { GuideId = shop.DirectGuide }, pays: 3);
        var second = await PaidOrder(shop, shop.Placing((shop.Cream, 1)) with { GuideId = shop.FranchiseGuide }, pays: 2);

        await Eventually.True(async () => (await Boards.Rank("guide-sales", "all", shop.FranchiseGuide)).Score == second.Total, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.True(async () => (await Boards.Rank("guide-sales", "all", shop.DirectGuide)).Score == first.Total, cancellationToken: TestContext.Current.CancellationToken);

        var team = await Boards.Top("guide-sales", "team:team-puxi" + shop.Member, 10);
        Assert.Equal([(1, shop.DirectGuide, 2 * Shop.SerumPrice), (2, shop.FranchiseGuide, Shop.CreamPrice)], team.Entries.Select(e => (e.Rank, e.Id, e.Score)));
        Assert.Equal(["Li Fang", "Wang Min"], team.Entries.Select(e => e.Name));
        var region = await Boards.Top("guide-sales", "region:" + shop.RegionId, 10);
        Assert.Equal(2, region.Entries.Length);
        await Eventually.True(async () => (await Boards.Rank("store-sales", "region:" + shop.RegionId, shop.DirectStore)).Score == first.Total + second.Total, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((long)Math.Floor(first.Total * 0.03m), (await Boards.Rank("guide-commission", "all", shop.DirectGuide)).Score);
    }

    [Fact]
    public async Task AGuideMovedToAStoreInAnotherRegion_IsRankedThereFromTheNextSale()
    {
        var cancel = TestContext.Current.CancellationToken;
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000));
        await Eventually.True(async () => (await Boards.Rank("guide-sales", "region:" + shop.RegionId, shop.DirectGuide)).Score == 10_000, cancellationToken: cancel);

        var suzhou = Shop.NewId("suzhou");
        var guanqian = Shop.NewId("store");
        await _grains.GetGrain<IRegionGrain>(suzhou).Define("Suzhou");
        await _grains.GetGrain<IStoreGrain>(guanqian).Define(new StoreProfile(guanqian, "Guanqian Street", suzhou, 31.3108, 120.6187, "brand", StoreOwnership.Direct, true, true));
        await guide.Define((await guide.GetProfile())! with { StoreId = guanqian });
        await guide.RecordSale(shop.InStoreSale(20_000));

        // The day's figures go with the guide: today's board ranks them in the region of the store they now work in.
        await Eventually.True(async () => (await Boards.Rank("guide-sales", "region:" + suzhou, shop.DirectGuide)).Score == 30_000, cancellationToken: cancel);
        Assert.Null((await Boards.Rank("guide-sales", "region:" + shop.RegionId, shop.DirectGuide)).Rank);
    }

    [Fact]
    public async Task NewBindings_CountForTheGuideAndSumPerRegion()
    {
        var shop = await Shop.Open(_grains);
        await shop.NewMember(shop.Member + "-2", shop.FranchiseGuide);
        await shop.NewMember(shop.Member + "-3", shop.FranchiseGuide);

        var franchise = await Boards.Rank("guide-new-members", "all", shop.FranchiseGuide);
        var region = await Boards.Rank("region-new-members", "all", shop.RegionId);

        Assert.Equal(2, franchise.Score);
        Assert.Equal(3, region.Score);
    }

    [Fact]
    public async Task Boards_AfterAFailedSave_ReloadWhatWasStored_AndCountTheRetriedSaleOnce()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000));
        var second = shop.InStoreSale(20_000);

        fixture.StorageFaults.FailNextFactSaveOf(shop.DirectGuide);
        await Assert.ThrowsAsync<IOException>(() => guide.RecordSale(second));

        // As the payment's outbox would: the same sale again. The boards took it in memory but could not store it;
        // they must come back with what was stored and count the sale once, not refuse every save from now on.
        await guide.RecordSale(second);
        await guide.RecordSale(second);
        Assert.Equal(30_000, (await Boards.Rank("guide-sales", "all", shop.DirectGuide)).Score);
        Assert.Equal(900, (await Boards.Rank("guide-commission", "all", shop.DirectGuide)).Score);
    }

    [Theory]
    [InlineData("no-such-board", "all", ErrorCodes.UnknownBoard)]
    [InlineData("guide-sales", "everyone", ErrorCodes.ValidationFailed)]
    [InlineData("guide-sales", "team:", ErrorCodes.ValidationFailed)]
    public async Task UnknownBoardOrScope_IsRefused(string board, string scope, string code)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() => Boards.Top(board, scope, 10));

        Assert.Equal((ErrorKind.Invalid, code), (error.Kind, error.Code));
    }

    [Fact]
    public async Task Pk_WithTheLongestId_RewardsATarget()
    {
        // The award is named after the PK ("pk:{pkId}"), longer than the PK's own id.
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk").PadRight(Validation.MaxIdLength, 'k'));
        await pk.Create(new CreatePk("Serum sprint", PkMetric.Orders,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, 1), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, 1)],
            DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(5)));

        await PaidOrder(shop, shop.Placing((shop.Serum, 1)) with { GuideId = shop.DirectGuide }, pays: 1);

        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Coins == 100, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Pk_CountsPaidOrdersInItsWindowOnce_RewardsATargetOnce_AndNamesTheWinner()
    {
        var shop = await Shop.Open(_grains);
        var pkId = Shop.NewId("pk");
        var pk = _grains.GetGrain<IPkGrain>(pkId);
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(4);
        await pk.Create(new CreatePk("Serum sprint", PkMetric.Sales,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, 2 * Shop.SerumPrice), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, 1_000_000)],
            DateTimeOffset.UtcNow.AddSeconds(-1), endsAt));

        await PaidOrder(shop, shop.Placing((shop.Serum, 2)) with { GuideId = shop.DirectGuide }, pays: 3);
        await PaidOrder(shop, shop.Placing((shop.Serum, 1)) with { GuideId = shop.DirectGuide }, pays: 1);
        await PaidOrder(shop, shop.Placing((shop.Cream, 1)) with { GuideId = shop.FranchiseGuide }, pays: 1);

        await Eventually.True(async () => (await pk.Get())!.Scores.Sum(s => s.Score) == 3 * Shop.SerumPrice + Shop.CreamPrice, cancellationToken: TestContext.Current.CancellationToken);
        var running = (await pk.Get())!;
        Assert.Equal(PkStatus.Running, running.Status);
        Assert.Equal([(3 * Shop.SerumPrice, true), (Shop.CreamPrice, false)], running.Scores.Select(s => (s.Score, s.Reached)));
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Coins == 100, cancellationToken: TestContext.Current.CancellationToken);
        await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.TargetReached);

        await Eventually.True(async () => (await pk.Get())!.Status == PkStatus.Ended, TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);
        var ended = (await pk.Get())!;
        Assert.Equal((shop.DirectGuide, false), (ended.WinnerId, ended.Tie));
        Assert.Equal(100, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Coins);

        // The board is frozen: a sale after the end does not count.
        await PaidOrder(shop, shop.Placing((shop.Cream, 1)) with { GuideId = shop.FranchiseGuide }, pays: 1);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(ended.Scores, (await pk.Get())!.Scores);
    }

    [Fact]
    public async Task Pk_ReportStillBeingStoredWhenTheWindowSettles_IsCountedBeforeTheBoardFreezes_AndRewarded()
    {
        var shop = await Shop.Open(_grains);
        var pkId = Shop.NewId("pk");
        var pk = _grains.GetGrain<IPkGrain>(pkId);
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await pk.Create(new CreatePk("Orders", PkMetric.Orders,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, 5), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, 1)],
            endsAt.AddMinutes(-5), endsAt));
        var append = fixture.StorageFaults.HoldNextAppend($"pk/{pkId}");

        var lateReport = pk.Apply([new ScoreEvent(Shop.NewId("order"), ScoreEventKind.PaidOrder, shop.FranchiseGuide, "team-x", 100, endsAt.AddSeconds(-1))]);
        await fixture.StorageFaults.HeldAppendReached($"pk/{pkId}").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Well past the window and its settle delay (0.3 s here), the board waits for the report it is storing.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, (endsAt - DateTimeOffset.UtcNow).TotalSeconds) + 2), TestContext.Current.CancellationToken);
        var waiting = (await pk.Get())!;
        Assert.Equal((PkStatus.Running, 0L), (waiting.Status, waiting.Scores.Sum(s => s.Score)));

        // A report arriving now is too late; the one being stored is not.
        await pk.Apply([new ScoreEvent(Shop.NewId("order"), ScoreEventKind.PaidOrder, shop.DirectGuide, "team-x", 100, endsAt.AddSeconds(-1))]);
        append.SetResult();
        await lateReport;
        await Eventually.True(async () => (await pk.Get())!.Status == PkStatus.Ended, TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);

        var ended = (await pk.Get())!;
        Assert.Equal((shop.FranchiseGuide, false), (ended.WinnerId, ended.Tie));
        Assert.Equal([(shop.DirectGuide, 0L, false), (shop.FranchiseGuide, 1L, true)], ended.Scores.Select(s => (s.Id, s.Score, s.Reached)));
        await Activations.Deactivate(_grains, pk);
        Assert.Equal(ended.Scores, (await pk.Get())!.Scores);
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetView())!.Coins == 100,
            TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Coins);
    }

    [Fact]
    public async Task Pk_OnNewMembers_CountsAMemberMovedToAnotherParticipantForEach_AndOnceForATeamTheyStayIn()
    {
        var cancel = TestContext.Current.CancellationToken;
        var shop = await Shop.Open(_grains);
        var now = DateTimeOffset.UtcNow;
        var guides = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        await guides.Create(new CreatePk("New members", PkMetric.NewMembers,
            [new PkParticipant(shop.DirectGuide, PkParticipantKind.Guide, 5), new PkParticipant(shop.FranchiseGuide, PkParticipantKind.Guide, 5)], now, now.AddHours(1)));
        var puxi = "team-puxi" + shop.Member;
        var teams = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        await teams.Create(new CreatePk("New members", PkMetric.NewMembers,
            [new PkParticipant(puxi, PkParticipantKind.Team, 5), new PkParticipant("team-pudong" + shop.Member, PkParticipantKind.Team, 5)], now, now.AddHours(1)));

        // Scanned at the direct store, then moved by operations to the franchise guide of the same team, and back.
        var member = _grains.GetGrain<IMemberGrain>(shop.Member + "-moved");
        await shop.NewMember(member.GetPrimaryKeyString(), shop.DirectGuide);
        await member.BindGuide(shop.FranchiseGuide, reassign: true);
        await member.BindGuide(shop.DirectGuide, reassign: true);

        // Each guide gained the member, as their own figures count it; the team gained one.
        await Eventually.True(async () => (await guides.Get())!.Scores.Select(s => s.Score).SequenceEqual([1L, 1L]), cancellationToken: cancel);
        await Eventually.True(async () => (await teams.Get())!.Scores.Select(s => s.Score).SequenceEqual([1L, 0L]), cancellationToken: cancel);
        Assert.Equal(1, (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetView())!.Today.NewMembers);
        Assert.Equal(1, (await Boards.Rank("guide-new-members", "team:" + puxi, shop.FranchiseGuide)).Score);
        await Activations.Deactivate(_grains, guides);
        Assert.Equal([1L, 1L], (await guides.Get())!.Scores.Select(s => s.Score));
    }

    [Fact]
    public async Task Pk_WithEqualTopScores_EndsInATie()
    {
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        await pk.Create(new CreatePk("New members", PkMetric.NewMembers,
            [new PkParticipant("team-a" + shop.Member, PkParticipantKind.Team, 5), new PkParticipant("team-puxi" + shop.Member, PkParticipantKind.Team, 5)],
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1)));

        await Eventually.True(async () => (await pk.Get())!.Status == PkStatus.Ended, TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);
        var ended = (await pk.Get())!;

        Assert.Equal((null, true), (ended.WinnerId, ended.Tie));
        Assert.Equal(2, ended.LeaderIds.Length);
        Assert.Equal(["team-a" + shop.Member, "team-puxi" + shop.Member], ended.Scores.Select(s => s.Name));
    }

    [Fact]
    public async Task Pk_WithBadDefinition_IsRefused_AndADifferentOneUnderTheSameIdConflicts()
    {
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        var now = DateTimeOffset.UtcNow;
        PkParticipant Guide(string id) => new(id, PkParticipantKind.Guide, 10);

        var alone = await Assert.ThrowsAsync<DomainException>(() => pk.Create(new CreatePk("Solo", PkMetric.Orders, [Guide(shop.DirectGuide)], now, now.AddHours(1))));
        var mixed = await Assert.ThrowsAsync<DomainException>(() => pk.Create(new CreatePk("Mixed", PkMetric.Orders,
            [Guide(shop.DirectGuide), new PkParticipant("team-x", PkParticipantKind.Team, 10)], now, now.AddHours(1))));
        var backwards = await Assert.ThrowsAsync<DomainException>(() => pk.Create(new CreatePk("Backwards", PkMetric.Orders, [Guide(shop.DirectGuide), Guide(shop.FranchiseGuide)], now, now.AddHours(-1))));
        var unreachable = await Assert.ThrowsAsync<DomainException>(() => pk.Create(new CreatePk("Unreachable", PkMetric.Sales,
            [Guide(shop.DirectGuide), Guide(shop.FranchiseGuide) with { Target = 100_000_000_001 }], now, now.AddHours(1))));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => pk.Create(new CreatePk("Ghost", PkMetric.Orders, [Guide(shop.DirectGuide), Guide("no-such-guide")], now, now.AddHours(1))));
        var definition = new CreatePk("Orders", PkMetric.Orders, [Guide(shop.DirectGuide), Guide(shop.FranchiseGuide)], now, now.AddHours(1));
        await pk.Create(definition);
        await pk.Create(definition);
        var conflict = await Assert.ThrowsAsync<DomainException>(() => pk.Create(definition with { Title = "Other" }));

        Assert.All([alone, mixed, backwards, unreachable], e => Assert.Equal(ErrorKind.Invalid, e.Kind));
        Assert.Contains("between 1 and 100,000,000,000", unreachable.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.UnknownGuide, unknown.Code);
        Assert.Equal(ErrorCodes.PkConflict, conflict.Code);
    }

    [Fact]
    public async Task Pk_WhoseWindowHasPassedOrStartsOverAYearAhead_IsRefused_AndNothingIsStored()
    {
        var shop = await Shop.Open(_grains);
        var now = DateTimeOffset.UtcNow;
        CreatePk Window(DateTimeOffset startsAt, DateTimeOffset endsAt) => new("Window", PkMetric.Orders,
            [new(shop.DirectGuide, PkParticipantKind.Guide, 10), new(shop.FranchiseGuide, PkParticipantKind.Guide, 10)], startsAt, endsAt);

        // The last: its settle time overflowed DateTimeOffset after the PK was stored, and its timer failed every tick.
        foreach (var definition in new[]
        {
            Window(now.AddDays(-2), now.AddDays(-1)),
            Window(now.AddDays(400), now.AddDays(401)),
            Window(DateTimeOffset.MaxValue.AddSeconds(-2), DateTimeOffset.MaxValue.AddSeconds(-1)),
        })
        {
            var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));

            var error = await Assert.ThrowsAsync<DomainException>(() => pk.Create(definition));

            Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (error.Kind, error.Code));
            Assert.Null(await pk.Get());
        }
    }

    [Fact]
    public async Task Pk_CreatedAgainAfterItsWindow_AnswersTheSamePk()
    {
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        var now = DateTimeOffset.UtcNow;
        var definition = new CreatePk("Short", PkMetric.Orders,
            [new(shop.DirectGuide, PkParticipantKind.Guide, 10), new(shop.FranchiseGuide, PkParticipantKind.Guide, 10)], now.AddMinutes(-1), now.AddSeconds(1));
        var created = await pk.Create(definition);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        var again = await pk.Create(definition);

        Assert.Equal((created.PkId, created.Title, created.EndsAt), (again.PkId, again.Title, again.EndsAt));
    }

    [Fact]
    public async Task Pk_CreateRetriedAfterItsRegistrationFailed_IsRegisteredAndScheduled()
    {
        var shop = await Shop.Open(_grains);
        var pkId = Shop.NewId("pk");
        var pk = _grains.GetGrain<IPkGrain>(pkId);
        var definition = GuidesOrdersPk(shop, DateTimeOffset.UtcNow.AddHours(1));
        fixture.StorageFaults.FailNextWrite(Registry.GetGrainId(), "pk-registry");
        await Assert.ThrowsAsync<OrleansException>(() => pk.Create(definition));

        // The PK was stored before its registration failed; the client's retry must finish setting it up, not only
        // answer it. Read back from storage, as after a restart.
        await pk.Create(definition);
        await Activations.Deactivate(_grains, Registry);

        Assert.Contains(pkId, (await Registry.Open()).Select(p => p.PkId));
        Assert.Equal(["pk-settle"], await Activations.Reminders(fixture.Cluster, pk));
    }

    [Fact]
    public async Task Pk_WhoseRemovalFromTheRegistryFailedWhenItEnded_IsRemovedStill()
    {
        var shop = await Shop.Open(_grains);
        var pkId = Shop.NewId("pk");
        var pk = _grains.GetGrain<IPkGrain>(pkId);
        await pk.Create(GuidesOrdersPk(shop, DateTimeOffset.UtcNow.AddSeconds(1)));
        fixture.StorageFaults.FailNextWrite(Registry.GetGrainId(), "pk-registry");

        await Eventually.True(async () => (await pk.Get())!.Status == PkStatus.Ended, TimeSpan.FromSeconds(15), cancellationToken: TestContext.Current.CancellationToken);

        // Every aggregator flush reads the registry: an ended PK left in it would be read for good. Read back from
        // storage, as after a restart, the retried removal is there, and the PK is listed among those ended.
        await Eventually.True(async () => !(await Registry.Open()).Any(p => p.PkId == pkId), cancellationToken: TestContext.Current.CancellationToken);
        Assert.False(fixture.StorageFaults.WriteFailurePending(Registry.GetGrainId(), "pk-registry"));
        await Activations.Deactivate(_grains, Registry);
        Assert.DoesNotContain(pkId, (await Registry.Open()).Select(p => p.PkId));
        Assert.Contains(pkId, (await Registry.Ended()).Select(p => p.PkId));
    }

    [Fact]
    public async Task PkRegistry_KeepsTheLatestFiftyToEnd_TheLatestFirst()
    {
        // A registry of this test's own, so the PKs other tests end meanwhile are not in it.
        var registry = _grains.GetGrain<IPkRegistryGrain>(Shop.NewId("registry"));
        var ids = Enumerable.Range(0, PkRegistryGrain.EndedKept + 1).Select(_ => Shop.NewId("pk")).ToList();
        var startsAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < ids.Count; i++)
        {
            await registry.Register(new PkEntry(ids[i], PkParticipantKind.Guide, ["g-1", "g-2"], startsAt, startsAt.AddMinutes(i)));
        }

        // They end in another order than they were set to end.
        foreach (var id in Enumerable.Reverse(ids))
        {
            await registry.Unregister(id);
        }

        await Activations.Deactivate(_grains, registry);

        Assert.Equal(Enumerable.Reverse(ids).Take(PkRegistryGrain.EndedKept), (await registry.Ended()).Select(p => p.PkId));
        Assert.Empty(await registry.Open());
    }

    [Fact]
    public async Task Pk_OfTwoDifferentDefinitionsCreatedAtOnce_OneWinsAndTheOtherConflicts()
    {
        var shop = await Shop.Open(_grains);
        var pk = _grains.GetGrain<IPkGrain>(Shop.NewId("pk"));
        var now = DateTimeOffset.UtcNow;
        PkParticipant Guide(string id) => new(id, PkParticipantKind.Guide, 10);

        var outcomes = await Task.WhenAll(new[] { "Orders", "More orders" }.Select(async title =>
        {
            try
            {
                return (await pk.Create(new CreatePk(title, PkMetric.Orders, [Guide(shop.DirectGuide), Guide(shop.FranchiseGuide)], now, now.AddHours(1)))).Title;
            }
            catch (DomainException ex)
            {
                return ex.Code;
            }
        }));

        var title = (await pk.Get())!.Title;
        Assert.Equal([title, ErrorCodes.PkConflict], outcomes.OrderBy(o => o == title ? 0 : 1));
    }

    /// <summary>The shop's two guides, ten orders each to reach, from a minute ago until <paramref name="endsAt"/>.</summary>
    private static CreatePk GuidesOrdersPk(Shop shop, DateTimeOffset endsAt) =>
        new("Orders", PkMetric.Orders, [new(shop.DirectGuide, PkParticipantKind.Guide, 10), new(shop.FranchiseGuide, PkParticipantKind.Guide, 10)],
            DateTimeOffset.UtcNow.AddMinutes(-1), endsAt);

    private async Task<Order> PaidOrder(Shop shop, PlaceOrder placing, int pays)
    {
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(placing);
        await Task.WhenAll(Enumerable.Range(0, pays).Select(_ => order.Pay(new PayOrder("pay-" + placed.OrderId, placed.Total))));
        return placed;
    }
}
