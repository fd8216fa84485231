using System.Diagnostics;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <remarks>
/// A cluster of its own (a class fixture, outside the shared collection): the largest class of grain tests, run beside the
/// rest instead of after them.
/// </remarks>
public sealed class LiveRoomTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Ops = new("ops-1", "Operations", Roles.Ops);
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Comments_AreCleanedNumberedAndSentInTheNextBatch_WithSeqOneAboveTheSnapshot()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        var snapshot = await room.GetSnapshot();

        var posted = await room.PostComment(Viewer("m-1"), "c-1", "  Does it suit\u0007 dry skin?\n ");

        var batch = await edge.WaitFor(u => u.Comments.Any());
        Assert.Equal(snapshot.Seq + 1, batch.Seq);
        var comment = Assert.Single(batch.Comments);
        Assert.Equal((posted.CommentId, "m-1", "Viewer m-1", "Does it suit dry skin?"), (comment.CommentId, comment.UserId, comment.Name, comment.Text));
        Assert.Equal(1, batch.Viewers);
        Assert.Equal(LiveRoomStatus.Live, batch.Status);
    }

    [Fact]
    public async Task EmptyTicks_SendNothing_AndSeqGrowsByOnePerBatch()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        await room.PostComment(Viewer("m-1"), "c-1", "first");
        await edge.WaitFor(u => u.Comments.Any(c => c.Text == "first"));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var quiet = edge.Updates.Count;
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(quiet, edge.Updates.Count);

        await room.PostComment(Viewer("m-2"), "c-2", "second");
        await edge.WaitFor(u => u.Comments.Any(c => c.Text == "second"));

        var seqs = edge.Updates.Select(u => u.Seq).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
    }

    [Fact]
    public async Task ChangesComingFasterThanTheTick_GoOutAtMostOneBatchPerTick_AndEveryOneArrives()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        await edge.WaitFor(u => u.Viewers == 1);
        var before = edge.Updates.Count;

        // A like every few milliseconds for a second: some forty times the batches a 100 ms tick allows.
        var likes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            await room.AddLikes(1);
            likes++;
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        var changing = clock.Elapsed;
        await edge.WaitFor(u => u.Likes == likes);

        // Within the time the likes came, a batch a tick at most (and one more: a timer may fire a millisecond early),
        // and the one that carried the last likes after it.
        var batches = edge.Updates.Count - before;
        Assert.InRange(batches, 2, (int)(changing / new LiveRoomOptions().TickInterval) + 3);
    }

    [Fact]
    public async Task AnEdgeThatMissedBatches_GetsThemFromTheRoom_WhileTheRoomStillKeepsTheOneRightAfterItsLast()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        for (var i = 0; i < RoomFeed.BatchesKept + 4; i++)
        {
            await room.PostComment(Viewer($"m-{i}"), $"c-{i}", $"comment {i}");
            await edge.WaitFor(u => u.Comments.Any(c => c.Text == $"comment {i}"));
        }

        var sent = edge.Updates;
        var afterSecondLast = await room.GetBatchesAfter(sent[^3].Seq);
        Assert.Equal(sent.TakeLast(2).Select(u => (u.Seq, u.Comments.Single().CommentId)), afterSecondLast.Select(u => (u.Seq, u.Comments.Single().CommentId)));
        Assert.Empty(await room.GetBatchesAfter(sent[^1].Seq));

        // The batch right after the first is no longer kept: a snapshot is the only way on from there.
        Assert.Empty(await room.GetBatchesAfter(sent[0].Seq));
    }

    [Fact]
    public async Task QuietRoom_ItsNextChangesStillGoOut_WithTheNextSeqs()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        await room.PostComment(Viewer("m-1"), "c-1", "before the lull");
        await edge.WaitFor(u => u.Comments.Any(c => c.Text == "before the lull"));

        // Well past the ten ticks after which a room counts as quiet and its housekeeping slows down.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await room.AddLikes(3);
        await edge.WaitFor(u => u.Likes == 3);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await room.PostComment(Viewer("m-2"), "c-2", "after the lull");
        await edge.WaitFor(u => u.Comments.Any(c => c.Text == "after the lull"));

        var seqs = edge.Updates.Select(u => u.Seq).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);
    }

    [Theory]
    [InlineData("   ", ErrorCodes.CommentEmpty)]
    [InlineData("\u0001\u0002", ErrorCodes.CommentEmpty)]
    [InlineData("Where can I buy the counterfeit one?", ErrorCodes.BannedWord)]
    public async Task Comment_ThatBreaksARule_IsRefusedWithTheReason_AndNotCounted(string text, string code)
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);

        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-1", text));

        Assert.Equal(code, error.Code);
        Assert.Equal(0, (await room.GetStats()).Comments);
    }

    [Fact]
    public async Task Comment_Of200CharactersIsAccepted_And201AreRefused()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);

        await room.PostComment(Viewer("m-1"), "c-1", new string('好', 200));
        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-2"), "c-2", new string('好', 201)));

        Assert.Equal(ErrorCodes.CommentTooLong, error.Code);
    }

    [Fact]
    public async Task Comment_InARoomNotLive_IsRefused()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Soon", shop.RegionId, [shop.Serum]));

        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-1", "hello"));

        Assert.Equal(ErrorCodes.RoomNotLive, error.Code);
    }

    [Fact]
    public async Task RetriedClientMessage_IsOneComment()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);

        var first = await room.PostComment(Viewer("m-1"), "c-1", "hello");
        var retry = await room.PostComment(Viewer("m-1"), "c-1", "hello");

        Assert.Equal(first.CommentId, retry.CommentId);
        Assert.Equal(1, (await room.GetStats()).Comments);
    }

    [Fact]
    public async Task RetriedClientMessage_AfterTheRoomLeftMemory_IsStillOneComment_AndADeletedOneStaysDeleted()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var kept = await room.PostComment(Viewer("m-1"), "c-1", "hello");
        var deleted = await room.PostComment(Viewer("m-2"), "c-1", "buy elsewhere");
        await room.DeleteComment(host, deleted.CommentId);

        // As when a silo shuts down under a live room: a viewer whose answer was lost sends again to the next activation.
        await Activations.Deactivate(_grains, room);
        var keptAgain = await room.PostComment(Viewer("m-1"), "c-1", "hello");
        var deletedAgain = await room.PostComment(Viewer("m-2"), "c-1", "buy elsewhere");

        Assert.Equal((kept.CommentId, deleted.CommentId), (keptAgain.CommentId, deletedAgain.CommentId));
        Assert.Equal(2, (await room.GetStats()).Comments);
        Assert.Equal([kept.CommentId], (await room.GetSnapshot()).RecentComments.Select(c => c.CommentId));
    }

    [Fact]
    public async Task PerUserLimit_AllowsABurstOfThree_ThenRefusesTooFast_ButNotTheHost()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);

        for (var i = 0; i < 3; i++)
        {
            await room.PostComment(Viewer("m-1"), $"c-{i}", $"comment {i}");
        }

        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-3", "one more"));
        await room.PostComment(Viewer("m-2"), "c-0", "someone else is fine");
        for (var i = 0; i < 5; i++)
        {
            await room.PostComment(host, $"h-{i}", $"host {i}");
        }

        Assert.Equal((ErrorKind.TooManyRequests, ErrorCodes.TooFast), (error.Kind, error.Code));
        Assert.Equal(9, (await room.GetStats()).Comments);
    }

    [Fact]
    public async Task AViewerWhoseMemberIdIsTheHostsGuideId_IsAViewer_LimitedAndNoModerator()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var namesake = Viewer(host.UserId);

        for (var i = 0; i < 3; i++)
        {
            await room.PostComment(namesake, $"c-{i}", $"comment {i}");
        }

        var tooFast = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(namesake, "c-3", "one more"));
        var notHost = await Assert.ThrowsAsync<DomainException>(() => room.SetSlowMode(namesake, 30));

        Assert.Equal(ErrorCodes.TooFast, tooFast.Code);
        Assert.Equal((ErrorKind.Forbidden, ErrorCodes.NotHost), (notHost.Kind, notHost.Code));
        Assert.Equal(0, (await room.GetSnapshot()).SlowModeSeconds);
    }

    [Fact]
    public async Task SlowMode_AllowsOneCommentPerPeriod()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.SetSlowMode(host, 30);

        await room.PostComment(Viewer("m-1"), "c-1", "first");
        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-2", "second"));

        Assert.Equal(ErrorCodes.SlowMode, error.Code);
        Assert.Equal(30, (await room.GetSnapshot()).SlowModeSeconds);
    }

    [Fact]
    public async Task MutedUser_IsRefusedUntilTheMuteEnds()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.MuteUser(host, "m-1", 1);

        var error = await Assert.ThrowsAsync<DomainException>(() => room.PostComment(Viewer("m-1"), "c-1", "let me speak"));
        await Task.Delay(1_100, TestContext.Current.CancellationToken);
        await room.PostComment(Viewer("m-1"), "c-2", "thanks");

        Assert.Equal(ErrorCodes.Muted, error.Code);
    }

    [Fact]
    public async Task HostActions_ByAnotherGuideOrAViewer_AreForbidden_AndChangeNothing()
    {
        var (shop, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var otherGuide = new Actor(shop.FranchiseGuide, "Wang Min", Roles.Guide);

        var errors = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => room.PinProduct(otherGuide, shop.Serum)),
            await Assert.ThrowsAsync<DomainException>(() => room.MuteUser(Viewer("m-1"), "m-2", 60)),
            await Assert.ThrowsAsync<DomainException>(() => room.SetSlowMode(otherGuide, 10)),
            await Assert.ThrowsAsync<DomainException>(() => room.StartFlashSale(otherGuide, "s-1", shop.Serum, 100, 1)),
            await Assert.ThrowsAsync<DomainException>(() => room.End(Viewer("m-1"))),
        };

        Assert.All(errors, e => Assert.Equal((ErrorKind.Forbidden, ErrorCodes.NotHost), (e.Kind, e.Code)));
        var snapshot = await room.GetSnapshot();
        Assert.Equal((LiveRoomStatus.Live, null, 0), (snapshot.Status, snapshot.PinnedSku, snapshot.SlowModeSeconds));
        Assert.Empty(snapshot.FlashSales);
    }

    [Fact]
    public async Task DeletedComment_LeavesTheHistory_AndIsAnnouncedInTheNextBatch()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);
        var spam = await room.PostComment(Viewer("m-1"), "c-1", "spam spam");
        await room.PostComment(Viewer("m-2"), "c-1", "nice colour");
        await edge.WaitFor(u => u.Comments.Any(c => c.Text == "nice colour"));

        await room.DeleteComment(host, spam.CommentId);

        var batch = await edge.WaitFor(u => u.DeletedCommentIds.Contains(spam.CommentId));
        Assert.Empty(batch.Comments);
        Assert.Equal(["nice colour"], (await room.GetSnapshot()).RecentComments.Select(c => c.Text));
        Assert.Equal(ErrorCodes.UnknownComment, (await Assert.ThrowsAsync<DomainException>(() => room.DeleteComment(host, 999))).Code);
    }

    [Fact]
    public async Task Snapshot_CarriesTheLatest50Comments()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        for (var i = 1; i <= 60; i++)
        {
            await room.PostComment(host, $"h-{i}", $"comment {i}");
        }

        await Task.Delay(300, TestContext.Current.CancellationToken);
        var recent = (await room.GetSnapshot()).RecentComments;

        Assert.Equal(Enumerable.Range(11, 50).Select(i => $"comment {i}"), recent.Select(c => c.Text));
    }

    [Fact]
    public async Task LikesAndViewers_ArePushedAsTotals_AndPeakViewersIsKept()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var east = FeedRecorder.Create(_grains);
        var west = FeedRecorder.Create(_grains);
        await east.Watch(room, 3);
        await west.Watch(room, 2);
        await room.AddLikes(5);
        await room.AddLikes(7);

        await east.WaitFor(u => u.Likes == 12 && u.Viewers == 5);
        await west.WaitFor(u => u.Likes == 12 && u.Viewers == 5);
        await west.Watch(room, 0);
        await east.WaitFor(u => u.Viewers == 3);

        var stats = await room.GetStats();
        Assert.Equal((3, 5, 12L), (stats.Viewers, stats.PeakViewers, stats.Likes));
    }

    [Fact]
    public async Task Room_LeavingMemory_AsksTheEdgesWithViewersToReportAgain_NotThoseThatLeft()
    {
        var (_, room, _) = await Shop.OpenWithLiveRoom(_grains);
        var watching = FeedRecorder.Create(_grains);
        var left = FeedRecorder.Create(_grains);
        await watching.Watch(room, 2);
        await left.Watch(room, 1);
        await left.Watch(room, 0);

        await Activations.Deactivate(_grains, room);

        await Eventually.True(() => watching.Closing.Contains(room.GetPrimaryKeyString()), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(left.Closing);
    }

    [Fact]
    public async Task PinProduct_MustBeOnTheShelf()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var edge = FeedRecorder.Create(_grains);
        await edge.Watch(room);

        var error = await Assert.ThrowsAsync<DomainException>(() => room.PinProduct(host, "not-on-shelf"));
        await room.PinProduct(host, shop.Serum);

        Assert.Equal(ErrorCodes.NotOnShelf, error.Code);
        await edge.WaitFor(u => u.PinnedSku == shop.Serum);
    }

    [Fact]
    public async Task Create_RepeatedIsTheSameRoom_AndOfTwoDifferentAtOnce_OneWinsAndTheOtherConflicts()
    {
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        var creates = new[] { "Serum week", "Cream week" }.Select(title => room.Create(new CreateLiveRoom(shop.DirectGuide, title, shop.RegionId, [shop.Serum, shop.Serum])));

        var outcomes = await Task.WhenAll(creates.Select(async create =>
        {
            try
            {
                return (await create).Title;
            }
            catch (DomainException ex)
            {
                return ex.Code;
            }
        }));

        var title = (await room.GetInfo())!.Title;
        Assert.Equal([title, ErrorCodes.KeyMismatch], outcomes.OrderBy(o => o == title ? 0 : 1));
        Assert.Equal([shop.Serum], (await room.Create(new CreateLiveRoom(shop.DirectGuide, title, shop.RegionId, [shop.Serum, shop.Serum]))).Shelf);
    }

    [Fact]
    public async Task FlashSale_TakesItsUnitsFromThePoolWhenItStarts()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);

        var sale = await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);

        Assert.Equal((6, 6, FlashSaleStatus.Active), (sale.Quantity, sale.Remaining, sale.Status));
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((14L, 6L), (pool.Available, pool.Reserved));
        var tooMuch = await Assert.ThrowsAsync<DomainException>(() => room.StartFlashSale(host, "s-2", shop.Serum, 19_900, 15));
        Assert.Equal(ErrorCodes.InsufficientStock, tooMuch.Code);
    }

    [Fact]
    public async Task FlashSale_StartedAgain_IsTheSameSale_ButWithOtherTermsConflicts_AndTheSaleAndThePoolStayAsTheyWere()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var sale = await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);

        var repeated = await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);
        var otherPrice = await Assert.ThrowsAsync<DomainException>(() => room.StartFlashSale(host, "s-1", shop.Serum, 9_900, 6));
        var otherQuantity = await Assert.ThrowsAsync<DomainException>(() => room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 7));

        Assert.Equal(sale, repeated);
        Assert.Equal((ErrorCodes.FlashSaleConflict, ErrorCodes.FlashSaleConflict), (otherPrice.Code, otherQuantity.Code));
        Assert.Equal(sale, Assert.Single((await room.GetSnapshot()).FlashSales));
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((14L, 6L), (pool.Available, pool.Reserved));
    }

    [Fact]
    public async Task FlashSale_StartedEightTimesAtOnce_TakesItsUnitsOnce()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);

        // While the first start waits for the pool, the others are told to try again; those after it get the sale.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6)).SaleId;
            }
            catch (DomainException ex)
            {
                return ex.Code;
            }
        }));

        Assert.Contains("s-1", outcomes);
        Assert.All(outcomes, outcome => Assert.Contains(outcome, new[] { "s-1", ErrorCodes.FlashSaleConflict }));
        Assert.Equal(6, Assert.Single((await room.GetSnapshot()).FlashSales).Remaining);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((14L, 6L), (pool.Available, pool.Reserved));
    }

    [Fact]
    public async Task Buy_FromASaleTheRoomNeverStarted_IsUnknown_AndTakesNothing()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        var orderId = Shop.NewId("o");

        var unknown = await Assert.ThrowsAsync<DomainException>(() => room.Buy(Viewer(shop.Member), "s-9", orderId, 1, 31.23, 121.47));
        var remaining = Assert.Single((await room.GetSnapshot()).FlashSales).Remaining;
        var sameOrderIdOnTheRealSale = await room.Buy(Viewer(shop.Member), "s-1", orderId, 1, 31.23, 121.47);

        Assert.Equal(ErrorCodes.UnknownFlashSale, unknown.Code);
        Assert.Equal(3, remaining);
        Assert.Equal(OrderStatus.Reserved, sameOrderIdOnTheRealSale.Status); // the refused buy did not take the order id either
    }

    [Fact]
    public async Task EndedRoom_CannotBeStartedAgain_AndStaysEnded()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.End(host);

        var again = await Assert.ThrowsAsync<DomainException>(() => room.Start(host));

        Assert.Equal(ErrorCodes.LiveRoomEnded, again.Code);
        Assert.Equal(LiveRoomStatus.Ended, (await room.GetSnapshot()).Status);
    }

    [Fact]
    public async Task FlashSale_WithTheLongestIds_StartsAndSells()
    {
        // Ids may be 100 characters; the reservations built from them (the sale's, each order's) are longer.
        var shop = await Shop.Open(_grains);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room").PadRight(Validation.MaxIdLength, 'r'));
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        await room.Start(host);
        var saleId = new string('s', Validation.MaxIdLength);

        var sale = await room.StartFlashSale(host, saleId, shop.Serum, 19_900, 6);
        var order = await room.Buy(Viewer(shop.Member), saleId, Shop.NewId("o").PadRight(Validation.MaxIdLength, 'o'), 2, 31.23, 121.47);

        Assert.Equal((6, FlashSaleStatus.Active), (sale.Quantity, sale.Status));
        Assert.Equal(OrderStatus.Reserved, order.Status);
        Assert.Equal(4, Assert.Single((await room.GetSnapshot()).FlashSales).Remaining);
    }

    [Fact]
    public async Task FlashSale_WhoseWriteFailsAfterItsUnitsWereTaken_GivesThemBackToTheRegion_AndAStartAgainSells()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var poolOwner = SerumPoolOwner(shop);
        var ledgerWrite = fixture.StorageFaults.HoldNextAppend(poolOwner);

        // The pool takes the six units; the room's write of the sale then fails (its activation is lost).
        var starting = room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);
        await fixture.StorageFaults.HeldAppendReached(poolOwner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        fixture.StorageFaults.FailNextWrite(room.GetGrainId(), "live-room");
        ledgerWrite.SetResult();
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => starting);
        Assert.IsNotType<DomainException>(failed);

        // The host does not retry. The room comes back (its reminder would bring it; a viewer's Edge does it here) and
        // gives the units back, rather than keep them from the region for the day the sale's reservation lasts.
        Assert.Equal(["held-units"], await Activations.Reminders(fixture.Cluster, room));
        Assert.Empty((await room.GetSnapshot()).FlashSales);
        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);

        // Started again, the sale takes its units afresh (not the released reservation of the start cut short).
        var sale = await StartAgainOnceTheCutShortStartIsUndone(room, host, shop);
        Assert.Equal((6, FlashSaleStatus.Active), (sale.Remaining, sale.Status));
        Assert.Equal((14L, 6L), await Stock(shop));
        await Activations.Deactivate(_grains, room);
        Assert.Empty(await Activations.Reminders(fixture.Cluster, room));
    }

    [Fact]
    public async Task FlashSale_WhosePoolAnswerIsLost_GivesTheUnitsBack_AndAStartAgainSells()
    {
        // The pool stores the reservation but the room hears a failure: the room cannot know whether units were taken.
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        fixture.StorageFaults.LoseNextAppendAnswer(SerumPoolOwner(shop));

        await Assert.ThrowsAnyAsync<Exception>(() => room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6));

        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);
        var sale = await StartAgainOnceTheCutShortStartIsUndone(room, host, shop);
        Assert.Equal(6, sale.Remaining);
        Assert.Equal((14L, 6L), await Stock(shop));
        await Inventory.LedgerReconciliation.AssertReconciles(shop.Pool(shop.Serum));
    }

    /// <summary>
    /// Starts sale "s-1" of six units again. The room forgets the start it cut short just after the pool has the units
    /// back; until then it answers "being started; try again", and the host tries again.
    /// </summary>
    private static async Task<FlashSaleView> StartAgainOnceTheCutShortStartIsUndone(ILiveRoomGrain room, Actor host, Shop shop)
    {
        FlashSaleView? sale = null;
        await Eventually.True(async () =>
        {
            try
            {
                sale = await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);
                return true;
            }
            catch (DomainException refused) when (refused.Code == ErrorCodes.FlashSaleConflict)
            {
                return false;
            }
        }, cancellationToken: TestContext.Current.CancellationToken);
        return sale!;
    }

    [Fact]
    public async Task FlashSale_WhoseRoomEndsWhileItsUnitsAreTaken_IsRefused_AndGivesThemBackToThePool()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var poolOwner = SerumPoolOwner(shop);
        var ledgerWrite = fixture.StorageFaults.HoldNextAppend(poolOwner);

        var starting = room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 6);
        await fixture.StorageFaults.HeldAppendReached(poolOwner).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await room.End(host);
        ledgerWrite.SetResult();

        var refused = await Assert.ThrowsAsync<DomainException>(() => starting);
        Assert.Equal(ErrorCodes.RoomNotLive, refused.Code);
        Assert.Empty((await room.GetSnapshot()).FlashSales);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((20L, 0L), (pool.Available, pool.Reserved));
    }

    [Fact]
    public async Task Buy_UnderConcurrency_SellsExactlyTheSaleQuantity_ThenSoldOut()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 10);
        var buyers = Enumerable.Range(0, 40).Select(i => $"{shop.Member}-b{i}").ToList();
        await Task.WhenAll(buyers.Select(b => shop.NewMember(b)));

        var attempts = await Task.WhenAll(buyers.Select(async b =>
        {
            try
            {
                return (Order: await room.Buy(Viewer(b), "s-1", Shop.NewId("o"), 1, 31.23, 121.47), Error: (string?)null);
            }
            catch (DomainException ex)
            {
                return (Order: (Order?)null, Error: ex.Code);
            }
        }));

        var orders = attempts.Where(a => a.Order is not null).Select(a => a.Order!).ToList();
        Assert.Equal(10, orders.Count);
        Assert.All(attempts.Where(a => a.Order is null), a => Assert.Equal(ErrorCodes.SoldOut, a.Error));
        Assert.All(orders, o => Assert.Equal((OrderStatus.Reserved, 19_900L, room.GetPrimaryKeyString(), shop.DirectGuide), (o.Status, o.Total, o.LiveRoomId, o.GuideId)));
        Assert.Equal(0, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((10L, 10L), (pool.Available, pool.Reserved));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(10)]
    public async Task BuysPaysCancelsAndTheEnd_AllRacing_SellEachUnitOnce_AndGiveEveryOtherUnitBackToThePool(int endAfterMs)
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 10);
        var buyers = Enumerable.Range(0, 30).Select(i => $"{shop.Member}-r{i}").ToList();
        await Task.WhenAll(buyers.Select(b => shop.NewMember(b)));

        // Each buyer who gets an order pays it or cancels it at once, while the host ends the room (before, among or
        // after the buys, as the delay falls).
        async Task<(int Units, bool Paid)> BuyThenPayOrCancel(string buyer, int i)
        {
            Order order;
            try
            {
                order = await room.Buy(Viewer(buyer), "s-1", Shop.NewId("o"), 1 + (i % 2), 31.23, 121.47);
            }
            catch (DomainException)
            {
                return (0, false);
            }

            var units = order.Lines.Sum(l => l.Quantity);
            try
            {
                var ended = i % 3 == 0 ? await shop.Order(order.OrderId).Cancel() : await shop.Order(order.OrderId).Pay(new PayOrder($"p-{i}", order.Total));
                return (units, ended.Status == OrderStatus.Paid);
            }
            catch (DomainException)
            {
                return (units, false);
            }
        }

        var buying = buyers.Select(BuyThenPayOrCancel).ToList();
        await Task.Delay(endAfterMs, TestContext.Current.CancellationToken);
        await room.End(host);
        var outcomes = await Task.WhenAll(buying);

        // Units paid for left the pool, never more than the sale had; every other unit of the sale (unsold, cancelled,
        // refused) is back in it. (Units of a cancelled order go back to the sale while it runs, and may be bought again.)
        var sold = outcomes.Where(o => o.Paid).Sum(o => o.Units);
        Assert.InRange(sold, 0, 10);
        await Eventually.True(async () => await Stock(shop) == (20L - sold, 0L), cancellationToken: TestContext.Current.CancellationToken);
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal(20L - sold, pool.OnHand);
        var ledger = await shop.Pool(shop.Serum).GetLedger(0, 1_000);
        Assert.Equal((pool.OnHand, pool.Reserved), (ledger.Entries.Sum(m => m.OnHandDelta), ledger.Entries.Sum(m => m.ReservedDelta)));
        await Eventually.True(async () => (await room.GetStats()).Gmv == sold * 19_900L, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(outcomes.Count(o => o.Paid), (await room.GetStats()).Orders);
    }

    [Fact]
    public async Task Buy_SentTwiceAtOnce_AsTheFirstBuysOfARoomsActivation_HoldsItsUnitsOnce()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        await Activations.Deactivate(_grains, room);

        // A double tap: the same buy twice, reaching a room that must first learn its region's stores.
        var orderId = Shop.NewId("o");
        var buys = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => room.Buy(Viewer(shop.Member), "s-1", orderId, 2, 31.23, 121.47)));

        Assert.All(buys, o => Assert.Equal(orderId, o.OrderId));
        Assert.Equal(3, (await room.GetSnapshot()).FlashSales.Single().Remaining);
        await shop.Order(orderId).Cancel();
        await Eventually.True(async () => (await room.GetSnapshot()).FlashSales.Single().Remaining == 5, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Buy_FromASaleAtAStoreTheRegionGainedAfterTheRoomLearnedItsStores_IsGivenTheNearestUnits_WithTheirDistance()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 2);
        await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);
        var jingan = Shop.NewId("store-jingan");
        await _grains.GetGrain<IStoreGrain>(jingan).Define(new StoreProfile(
            jingan, "Jing'an Temple", shop.RegionId, 31.2231, 121.4453, "brand", StoreOwnership.Direct, CanShip: true, CanPickup: true));
        await shop.Pool(shop.Serum).SetOnHand(jingan, 10);

        // Fifteen units: the host's store has eight left, Jing'an (nearer it than Xujiahui) gives the other seven.
        var sale = await room.StartFlashSale(host, "s-2", shop.Serum, 19_900, 15);
        var order = await room.Buy(Viewer(shop.Member), "s-2", Shop.NewId("o"), 1, 31.2240, 121.4460);

        var unit = Assert.Single(order.Lines.SelectMany(l => l.Allocations));
        Assert.Equal(15, sale.Remaining);
        Assert.Equal(jingan, unit.StoreId);
        Assert.InRange(unit.DistanceKm, 0.05, 0.2);
    }

    [Fact]
    public async Task Buy_RetriedIsTheSameOrder_ButTheSameOrderIdForAnotherQuantityOrSaleConflicts()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        await room.StartFlashSale(host, "s-2", shop.Serum, 9_900, 5);
        var orderId = Shop.NewId("o");
        var order = await room.Buy(Viewer(shop.Member), "s-1", orderId, 2, 31.23, 121.47);

        var retried = await room.Buy(Viewer(shop.Member), "s-1", orderId, 2, 31.23, 121.47);
        var moreUnits = await Assert.ThrowsAsync<DomainException>(() => room.Buy(Viewer(shop.Member), "s-1", orderId, 3, 31.23, 121.47));
        var otherSale = await Assert.ThrowsAsync<DomainException>(() => room.Buy(Viewer(shop.Member), "s-2", orderId, 2, 31.23, 121.47));

        Assert.Equal((order.OrderId, order.Total), (retried.OrderId, retried.Total));
        Assert.Equal((ErrorCodes.OrderConflict, ErrorCodes.OrderConflict), (moreUnits.Code, otherSale.Code));
        Assert.Equal([3, 5], (await room.GetSnapshot()).FlashSales.OrderBy(s => s.SaleId).Select(s => s.Remaining));
    }

    [Fact]
    public async Task CancelledOrder_ReturnsItsUnitsToTheSale()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        var order = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        Assert.Equal(1, (await room.GetSnapshot()).FlashSales.Single().Remaining);

        await shop.Order(order.OrderId).Cancel();

        Assert.Equal(3, (await room.GetSnapshot()).FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task PaymentWhoseWriteFailedAfterTheRoomSoldItsUnits_ThenCancelled_GivesTheUnitsBackToTheSale()
    {
        // The room takes the units as sold, then the order cannot store its payment: the member cancels instead.
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 3);
        var order = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        fixture.StorageFaults.FailNextWrite(shop.Order(order.OrderId).GetGrainId(), "order");
        await Assert.ThrowsAsync<OrleansException>(() => shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total)));

        var cancelled = await shop.Order(order.OrderId).Cancel();

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(3, (await room.GetSnapshot()).FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task PaymentWhoseWriteFailedAfterTheRoomSoldItsUnits_ThenCancelledAfterTheRoomEnded_GivesTheUnitsBackToThePool()
    {
        var (shop, room, order) = await EndedRoomHoldingAnOrderOfTwo();
        fixture.StorageFaults.FailNextWrite(shop.Order(order.OrderId).GetGrainId(), "order");
        await Assert.ThrowsAsync<OrleansException>(() => shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total)));

        await shop.Order(order.OrderId).Cancel();

        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task PaidOrder_CountsInTheStats_AndEndingReturnsUnsoldUnitsToThePool()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        var order = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        await shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total));

        await room.End(host);

        await Eventually.True(async () => (await room.GetStats()).Gmv == 2 * 19_900, cancellationToken: TestContext.Current.CancellationToken);
        var stats = await room.GetStats();
        Assert.Equal((LiveRoomStatus.Ended, 1, 2 * 19_900L, 0L), (stats.Status, stats.Orders, stats.Gmv, stats.GmvAfterEnd));
        var pool = await shop.Pool(shop.Serum).GetInventory();
        Assert.Equal((18L, 18L, 0L), (pool.Available, pool.OnHand, pool.Reserved));
        Assert.Equal(FlashSaleStatus.Ended, (await room.GetSnapshot()).FlashSales.Single().Status);
        var ledger = await shop.Pool(shop.Serum).GetLedger(0, 1_000);
        Assert.Equal((pool.OnHand, pool.Reserved), (ledger.Entries.Sum(m => m.OnHandDelta), ledger.Entries.Sum(m => m.ReservedDelta)));
    }

    [Fact]
    public async Task OrderEndingUnpaidAfterTheRoomEnded_WhenTheRoomCannotStoreWhatItOwes_GivesItsUnitsBackStill()
    {
        var (shop, room, order) = await EndedRoomHoldingAnOrderOfTwo();
        fixture.StorageFaults.FailNextWrite(room.GetGrainId(), "live-room");

        // The room's write of the units it owes fails (it deactivates) and so does the cancel; the member's retry must
        // find the units still held, not released with nothing left to give them back.
        await Assert.ThrowsAsync<OrleansException>(() => shop.Order(order.OrderId).Cancel());
        var cancelled = await shop.Order(order.OrderId).Cancel();

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OrderNamedLikeTheSalesEnd_PaidAfterTheRoomEnded_StillTakesItsUnitsFromThePool()
    {
        // Sale ids are public and order ids the buyer's choice; the sale's return of its unsold units and this
        // order's confirmation are parts of one pool reservation, each done once by its id.
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var saleId = Shop.NewId("s");
        await room.StartFlashSale(host, saleId, shop.Serum, 19_900, 5);
        var order = await room.Buy(Viewer(shop.Member), saleId, $"{saleId}-end", 2, 31.23, 121.47);
        await room.End(host);
        Assert.Equal((18L, 2L), await Stock(shop));

        await shop.Order(order.OrderId).Pay(new PayOrder("p-1", order.Total));

        await Eventually.True(async () => (await shop.Pool(shop.Serum).GetInventory()) is { OnHand: 18, Reserved: 0, Available: 18 },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task End_WhileThePoolCannotTakeTheUnsoldUnits_EndsTheRoom_AndGivesThemBackOnceItCan()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        fixture.StorageFaults.FailNextAppend(SerumPoolOwner(shop));

        var ended = await Retried(() => room.End(host));

        // The room ended; the units it owes go back when the pool takes them, not a day later when the sale's
        // reservation lapses (before, the end failed, and its retry found the room ended and gave nothing back).
        Assert.Equal(LiveRoomStatus.Ended, ended.Status);
        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OrderEndingUnpaidAfterTheRoomEnded_WhileThePoolCannotTakeItsUnits_GivesThemBackOnceItCan()
    {
        var (shop, _, order) = await EndedRoomHoldingAnOrderOfTwo();
        fixture.StorageFaults.FailNextAppend(SerumPoolOwner(shop));

        await Retried(() => shop.Order(order.OrderId).Cancel());

        await Eventually.True(async () => await Stock(shop) == (20L, 0L), cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task OrderPaidAfterTheRoomEnded_CountsInItsGmvAndInGmvAfterEnd_Once()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        var before = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 1, 31.23, 121.47);
        var after = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        await shop.Order(before.OrderId).Pay(new PayOrder("p-1", before.Total));
        await Eventually.True(async () => (await room.GetStats()).Orders == 1, cancellationToken: TestContext.Current.CancellationToken);

        await room.End(host);
        var paidAt = (await shop.Order(after.OrderId).Pay(new PayOrder("p-2", after.Total))).Payment!.PaidAt;

        // The order's own report, and a repeat of it (as an outbox retrying a report whose answer was lost).
        await Eventually.True(async () => (await room.GetStats()).Orders == 2, cancellationToken: TestContext.Current.CancellationToken);
        await room.RecordPaidOrder(after.OrderId, after.Total, paidAt);
        var stats = await room.GetStats();
        Assert.Equal((2, 3 * 19_900L, 2 * 19_900L), (stats.Orders, stats.Gmv, stats.GmvAfterEnd));
    }

    [Fact]
    public async Task StartAndEnd_ReachTheDirectory_WithTheRoomsFigures()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var roomId = room.GetPrimaryKeyString();
        var directory = _grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key);

        await Eventually.True(async () => (await directory.List(LiveRoomStatus.Live)).Any(r => r.RoomId == roomId), cancellationToken: TestContext.Current.CancellationToken);
        await room.End(host);
        await Eventually.True(async () => (await directory.List(LiveRoomStatus.Ended)).Any(r => r.RoomId == roomId), cancellationToken: TestContext.Current.CancellationToken);

        Assert.DoesNotContain(await directory.List(LiveRoomStatus.Live), r => r.RoomId == roomId);
    }

    [Fact]
    public async Task Directory_IgnoresAReportOlderThanTheListedOne_SoAnEndedRoomIsNotListedLiveAgain()
    {
        var directory = _grains.GetGrain<ILiveRoomDirectoryGrain>(ILiveRoomDirectoryGrain.Key);
        var roomId = Shop.NewId("room");
        var startedAt = DateTimeOffset.UtcNow.AddHours(-1);
        var live = LiveReport(roomId, startedAt);
        var ended = live with { Status = LiveRoomStatus.Ended, Viewers = 0, Orders = 3, Gmv = 59_700, EndedAt = startedAt.AddMinutes(50) };
        var paidAfterEnd = ended with { Orders = 4, Gmv = 79_600, GmvAfterEnd = 19_900 };

        await directory.Report([ended]);
        await directory.Report([live]);
        var afterStaleLive = (await directory.List(status: null)).Single(r => r.RoomId == roomId);
        await directory.Report([paidAfterEnd]);
        await directory.Report([ended]);

        Assert.Equal(ended, afterStaleLive);
        Assert.Equal(paidAfterEnd, (await directory.List(status: null)).Single(r => r.RoomId == roomId));
        Assert.DoesNotContain(await directory.List(LiveRoomStatus.Live), r => r.RoomId == roomId);
    }

    [Fact]
    public async Task Directory_StoresTwoReportsOfARoomInTurn_SoWhenActivatedAgainItDoesNotListAnEndedRoomLive()
    {
        // A directory of its own, so no other room's write is the one held.
        var directoryId = Shop.NewId("directory");
        var directory = _grains.GetGrain<ILiveRoomDirectoryGrain>(directoryId);
        var roomId = Shop.NewId("room");
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-30);
        var live = LiveReport(roomId, startedAt);
        var ended = live with { Status = LiveRoomStatus.Ended, Viewers = 0, EndedAt = startedAt.AddMinutes(29) };

        // The room's relay on one silo reports it live, and its write is slow; meanwhile its relay on another reports it ended.
        var release = fixture.StorageFaults.HoldNextAppend($"listing/{directoryId}");
        var reportedLive = directory.Report([live]);
        await fixture.StorageFaults.HeldAppendReached($"listing/{directoryId}").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var reportedEnded = directory.Report([ended]);
        await Task.WhenAny(reportedEnded, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        release.SetResult();
        await Task.WhenAll(reportedLive, reportedEnded);
        await Activations.Deactivate(_grains, directory);

        Assert.Equal(ended, (await directory.List(status: null)).Single(r => r.RoomId == roomId));
    }

    [Fact]
    public async Task Directory_WithAWriteHung_RefusesAReportThatWaitedTooLong_SoRetriesDoNotQueueUp()
    {
        var directoryId = Shop.NewId("directory");
        var directory = _grains.GetGrain<ILiveRoomDirectoryGrain>(directoryId);
        var room = LiveReport(Shop.NewId("room"), DateTimeOffset.UtcNow);
        var other = room with { RoomId = Shop.NewId("room") };

        var release = fixture.StorageFaults.HoldNextAppend($"listing/{directoryId}");
        var hung = directory.Report([room]);
        await fixture.StorageFaults.HeldAppendReached($"listing/{directoryId}").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Refused by the directory (not timed out by Orleans after 30 s, with the report still queued there).
        var refused = await Assert.ThrowsAsync<TimeoutException>(() => directory.Report([other]));
        Assert.Contains("still writing an earlier report", refused.Message, StringComparison.Ordinal);

        // The refused report left nothing held: once the hung write ends, the next report is stored and listed.
        release.SetResult();
        await hung;
        await directory.Report([other]);
        Assert.Equal(
            new[] { room.RoomId, other.RoomId }.Order(StringComparer.Ordinal),
            (await directory.List(status: null)).Select(r => r.RoomId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CommentIdsAndSeq_AreNeverGivenTwice_EvenWhenTheRoomLosesWhatItHadNotStored()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.PostComment(host, "c-1", "stored on the way out");
        await Activations.Deactivate(_grains, room);

        // The next write fails, so the room leaves memory without having stored this comment (as a silo crash would).
        fixture.StorageFaults.FailNextWrite(room.GetGrainId(), "live-room");
        var lost = await room.PostComment(host, "c-2", "lost with its activation");
        RoomSnapshot? sentByTheLost = null; // once its batch is numbered, the snapshot shows the comment
        await Eventually.True(
            async () => (sentByTheLost = await room.GetSnapshot()).RecentComments.Any(c => c.CommentId == lost.CommentId),
            cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.True(
            () => !fixture.StorageFaults.WriteFailurePending(room.GetGrainId(), "live-room"),
            TimeSpan.FromSeconds(10),
            TestContext.Current.CancellationToken);
        await Activations.Deactivate(_grains, room);

        var next = await room.PostComment(host, "c-3", "after");

        // Viewers may still hold the lost comment; the same id on another comment would replace it, or be dropped as
        // one they already have.
        Assert.True(next.CommentId > lost.CommentId, $"{next.CommentId} was given after {lost.CommentId}");
        Assert.True((await room.GetSnapshot()).Seq > sentByTheLost!.Seq + 1, "seq must jump past the lost activation's batches");
    }

    private static Actor Viewer(string memberId) => new(memberId, $"Viewer {memberId}", Roles.Member);

    /// <summary>
    /// A room that sold five serums in sale <c>s-1</c>, two of them held by an unpaid order, and then ended: the three
    /// unsold are back in the pool, the two held are not.
    /// </summary>
    private async Task<(Shop Shop, ILiveRoomGrain Room, Order Order)> EndedRoomHoldingAnOrderOfTwo()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.StartFlashSale(host, "s-1", shop.Serum, 19_900, 5);
        var order = await room.Buy(Viewer(shop.Member), "s-1", Shop.NewId("o"), 2, 31.23, 121.47);
        await room.End(host);
        Assert.Equal((18L, 2L), await Stock(shop));
        return (shop, room, order);
    }

    /// <summary>The owner name storage faults use for the shop's serum pool.</summary>
    private static string SerumPoolOwner(Shop shop) => $"pool/{shop.Pool(shop.Serum).GetPrimaryKeyString()}";

    /// <summary>Calls again if the first answer was a storage failure, as a client or an order's outbox would.</summary>
    private static async Task<T> Retried<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (IOException)
        {
            return await call();
        }
    }

    /// <summary>The serum pool's available and reserved units.</summary>
    private static async Task<(long Available, long Reserved)> Stock(Shop shop)
    {
        var pool = await shop.Pool(shop.Serum).GetInventory();
        return (pool.Available, pool.Reserved);
    }

    /// <summary>A live room's report to the directory, as its relay sends it: 8 viewers, 40 comments, 2 orders.</summary>
    private static RoomStats LiveReport(string roomId, DateTimeOffset startedAt) =>
        new(roomId, "Serum week", "g-li", "shanghai", LiveRoomStatus.Live, 8, 8, 40, 300, 2, 39_800, 0, startedAt, null);
}
