using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>
/// Long seeded random runs of what a live room's viewers see — comments (retried, blank, too long, with control
/// characters, from muted viewers, too fast, in slow mode — also one of ten minutes turned on after minutes of quiet —,
/// from the host and from operations), deletions before and
/// after a comment's batch, likes, the pinned product, two Edges whose viewers come and go, an Edge falling silent for
/// over a minute and coming back, time passing, the room leaving memory, and a write of the room failing or landing with
/// its answer lost — checked after every step against a model of the room: what each comment is answered, and what the
/// room's snapshot and figures show. Each Edge's viewers are followed as the Edge follows them (<c>LiveRoomFeeds</c>):
/// a snapshot on joining, then the batches in order; on a gap the missed batches from the room, or else a snapshot
/// again. After every step each Edge's viewers must see what the room shows, and no viewer ever sees a comment twice,
/// out of order or after its deletion, a batch number again, or a batch that changes nothing. The room ends at the end.
/// </summary>
public abstract class RoomFeedModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;

    /// <summary>Retries in these runs come within this of their comment: the room recognises one for two minutes.</summary>
    private static readonly TimeSpan RetryWithin = TimeSpan.FromSeconds(110);

    private static readonly string[] ViewerIds = ["v-1", "v-2", "v-3", "v-4"];

    private LiveRoomOptions Options => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<LiveRoomOptions>>().Value;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each; then the room ends.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await FeedRun.Open(fixture.Grains, Options);

        await SeededRuns.Run(seed, Steps, () => run.NextStep(() => Step(run, random)), () => Check(run));

        // The end goes out to the viewers; comments are refused from then on, but a retry is still the comment it repeats.
        await run.Room.End(run.Host);
        run.Model.Status = LiveRoomStatus.Ended;
        await SeededRuns.Run(seed, 6, () => Comment(run, random), () => Check(run));
    }

    private async Task<string> Step(FeedRun run, Random random) => random.Next(100) switch
    {
        < 30 => await Comment(run, random),
        < 34 => await CommentsInABurst(run, random),
        < 37 => await DeleteAComment(run, random),
        < 40 => await CommentDeletedAtOnce(run, random),
        < 48 => await Like(run, random),
        < 52 => await Pin(run, random),
        < 57 => await Mute(run, random),
        < 61 => await SetSlowMode(run, random),
        < 71 => await ViewersComeAndGo(run, random),
        < 88 => await Advance(run, random),
        < 90 => await AQuietThenTheLongestSlowMode(run, random),
        < 93 => await AnEdgeFallsSilent(run, random),
        < 97 => await Restart(run),
        _ => await PinThroughAFailedWrite(run, random),
    };

    private async Task<string> Comment(FeedRun run, Random random, Actor? commenter = null)
    {
        var now = fixture.Clock.GetUtcNow();
        var retryable = run.Model.Posts.Where(p => now - p.At < RetryWithin && run.Model.Recognises(p)).ToList();
        var (actor, clientMessageId) = (commenter ?? run.RandomCommenter(random), Shop.NewId("cm"));
        if (commenter is null && random.Next(4) == 0 && retryable.Count > 0)
        {
            var earlier = retryable[random.Next(retryable.Count)];
            (actor, clientMessageId) = (run.Actor(earlier.UserId), earlier.ClientMessageId);
        }

        var text = random.Next(100) switch
        {
            < 7 => " \u0001\t\u200B ",
            < 14 => new string('x', Options.CommentMaxLength + 1),
            < 20 => $"he\u0000llo\u200B {clientMessageId}\u0007",
            _ => $"hello {clientMessageId}",
        };

        var expected = run.Model.Post(actor, clientMessageId, text, now, Options);
        var (posted, refused) = await SeededRuns.Attempt(() => run.Room.PostComment(actor, clientMessageId, text));
        Assert.Equal(expected.Refused, refused);
        if (expected.RepeatOf is { } repeated)
        {
            Assert.Equal(repeated, posted!.CommentId);
        }
        else if (refused is null)
        {
            run.Model.Accepted(actor, clientMessageId, posted!.CommentId, text, now);
        }

        return $"{actor.UserId} comments ({clientMessageId}): {refused ?? (expected.RepeatOf is null ? $"#{posted!.CommentId}" : "a retry")}";
    }

    /// <summary>
    /// One viewer sending four at once (a full allowance takes three, the fourth is too fast), then one more within about
    /// a second, when their allowance has refilled by less than one comment or by just one.
    /// </summary>
    private async Task<string> CommentsInABurst(FeedRun run, Random random)
    {
        var viewer = run.Actor(ViewerIds[random.Next(ViewerIds.Length)]);
        var said = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            said.Add(await Comment(run, random, viewer));
        }

        SeededRuns.LetTimePass(fixture.Clock, TimeSpan.FromMilliseconds(random.Next(200, 1_300)));
        said.Add(await Comment(run, random, viewer));
        return string.Join(", ", said);
    }

    private async Task<string> DeleteAComment(FeedRun run, Random random)
    {
        var commentId = random.Next(10) switch
        {
            0 => 0L,
            1 => long.MaxValue,
            _ when run.Model.Posts.Count > 0 => run.Model.Posts[random.Next(run.Model.Posts.Count)].CommentId,
            _ => -1L,
        };
        var known = commentId > 0 && commentId <= run.Model.LastCommentId;
        var (_, refused) = await SeededRuns.Attempt(async () =>
        {
            await run.Room.DeleteComment(run.Host, commentId);
            return true;
        });
        Assert.Equal(known ? null : ErrorCodes.UnknownComment, refused);
        if (known)
        {
            run.Model.Recent.RemoveAll(c => c.CommentId == commentId);
        }

        return $"delete #{commentId}: {refused ?? "deleted"}";
    }

    /// <summary>A comment the host deletes as soon as it is posted, likely before its batch: it never goes out, its deletion does.</summary>
    private async Task<string> CommentDeletedAtOnce(FeedRun run, Random random)
    {
        var said = await Comment(run, random);
        var latest = run.Model.Posts.LastOrDefault();
        if (latest is null || run.Model.Recent.LastOrDefault() != latest)
        {
            return said;
        }

        await run.Room.DeleteComment(run.Host, latest.CommentId);
        run.Model.Recent.Remove(latest);
        return $"{said}, deleted at once";
    }

    private async Task<string> Like(FeedRun run, Random random)
    {
        var likes = random.Next(1, 50);
        await run.Room.AddLikes(likes);
        run.Model.Likes += likes;
        return $"{likes} likes";
    }

    private async Task<string> Pin(FeedRun run, Random random)
    {
        var sku = random.Next(5) switch
        {
            0 => "sku-not-on-the-shelf",
            1 or 2 => run.Shop.Cream,
            _ => run.Shop.Serum,
        };
        var (_, refused) = await SeededRuns.Attempt(async () =>
        {
            await run.Room.PinProduct(run.Host, sku);
            return true;
        });
        var onShelf = sku == run.Shop.Serum || sku == run.Shop.Cream;
        Assert.Equal(onShelf ? null : ErrorCodes.NotOnShelf, refused);
        if (onShelf)
        {
            run.Model.Pinned = sku;
        }

        return $"pin {sku}: {refused ?? "pinned"}";
    }

    private async Task<string> Mute(FeedRun run, Random random)
    {
        var userId = ViewerIds[random.Next(ViewerIds.Length)];
        var seconds = new[] { 0, 2, 5, 20 }[random.Next(4)];
        var now = fixture.Clock.GetUtcNow();
        await run.Room.MuteUser(random.Next(3) == 0 ? FeedRun.Ops : run.Host, userId, seconds);
        run.Model.Mutes[userId] = now.AddSeconds(seconds);
        return $"mute {userId} for {seconds} s";
    }

    /// <summary>Off or a few seconds (the longest comes after a quiet: <see cref="AQuietThenTheLongestSlowMode"/>).</summary>
    private async Task<string> SetSlowMode(FeedRun run, Random random)
    {
        var seconds = new[] { 0, 0, 2, 5 }[random.Next(4)];
        await run.Room.SetSlowMode(run.Host, seconds);
        run.Model.SlowModeSeconds = seconds;
        return $"slow mode {seconds} s";
    }

    /// <summary>One Edge's viewers change (an Edge that fell silent comes back with its viewers as they were).</summary>
    private async Task<string> ViewersComeAndGo(FeedRun run, Random random)
    {
        var edge = run.Edges[random.Next(run.Edges.Count)];
        var viewers = Enumerable.Range(0, 7).Where(n => n != edge.Viewers || edge.Silent).ElementAt(random.Next(edge.Silent ? 7 : 6));
        await run.Report(edge, viewers, fixture.Clock.GetUtcNow());
        return $"{edge.Name} has {viewers} viewers";
    }

    /// <summary>Time passes; the Edges report their viewers again, as they do every few seconds.</summary>
    private async Task<string> Advance(FeedRun run, Random random)
    {
        // Mostly under a second: a viewer's allowance refills one comment a second.
        var by = TimeSpan.FromMilliseconds(random.Next(3) == 0 ? random.Next(1_000, 3_000) : random.Next(50, 1_000));
        SeededRuns.LetTimePass(fixture.Clock, by);
        await run.ReportAgain(fixture.Clock.GetUtcNow());
        return $"{by.TotalSeconds:0.000} s pass";
    }

    /// <summary>
    /// An Edge with viewers goes silent (its reports stop: a long pause, a partition) for longer than the room waits: the room
    /// drops it and its viewers. Its viewers stay connected; when it reports again they see the gap.
    /// </summary>
    private async Task<string> AnEdgeFallsSilent(FeedRun run, Random random)
    {
        var watching = run.Edges.Where(e => e.Watching).ToList();
        if (watching.Count == 0)
        {
            return "no Edge with viewers to fall silent";
        }

        var edge = watching[random.Next(watching.Count)];
        edge.Silent = true;
        await PassWithEdgesReporting(run, Options.EdgeSilence);
        return $"{edge.Name} falls silent";
    }

    /// <summary>
    /// Minutes without a comment but with likes (so the room flushes, and forgets what it no longer needs), longer than
    /// the room remembers retries; then the host asks for one comment every ten minutes, which must count from the
    /// viewers' comments before the quiet.
    /// </summary>
    private async Task<string> AQuietThenTheLongestSlowMode(FeedRun run, Random random)
    {
        var quiet = TimeSpan.FromSeconds(random.Next(130, 200));
        await PassWithEdgesReporting(run, quiet, async () =>
        {
            await run.Room.AddLikes(1);
            run.Model.Likes++;
        });
        await run.Room.SetSlowMode(run.Host, RoomChat.MaxSlowModeSeconds);
        run.Model.SlowModeSeconds = RoomChat.MaxSlowModeSeconds;
        return $"{quiet.TotalSeconds} s without a comment, then slow mode {RoomChat.MaxSlowModeSeconds} s";
    }

    /// <summary>
    /// Time passes in steps of 7 s, each Edge that is not silent reporting after each (and <paramref name="meanwhile"/>
    /// happening), and the room's timers firing.
    /// </summary>
    private async Task PassWithEdgesReporting(FeedRun run, TimeSpan duration, Func<Task>? meanwhile = null)
    {
        for (var waited = TimeSpan.Zero; waited <= duration; waited += TimeSpan.FromSeconds(7))
        {
            SeededRuns.LetTimePass(fixture.Clock, TimeSpan.FromSeconds(7));
            await run.ReportAgain(fixture.Clock.GetUtcNow());
            if (meanwhile is not null)
            {
                await meanwhile();
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The room leaves memory (as after a silo restart); each Edge with viewers reports again when asked to.</summary>
    private async Task<string> Restart(FeedRun run)
    {
        await Activations.Deactivate(fixture.Grains, run.Room);
        run.Model.Restarted(Options);
        run.ViewersChangedInStep.Add(run.StepNumber);
        await run.ReportAgain(fixture.Clock.GetUtcNow());
        return "restart the room";
    }

    /// <summary>
    /// The host pins a product and the write fails, or lands with its answer lost: the room leaves memory, losing what it
    /// had not stored — comments, likes and figures since its last flush — or not. The model goes on from what the next
    /// activation shows, which must be no more than the room was given; viewers must still never see a comment or a
    /// batch number again, nor comments out of order.
    /// </summary>
    private async Task<string> PinThroughAFailedWrite(FeedRun run, Random random)
    {
        var room = run.Room.GetGrainId();
        var answerLost = random.Next(2) == 0;
        fixture.StorageFaults.BreakNextWrite(room, "live-room", answerLost);
        var sku = run.Model.Pinned == run.Shop.Serum ? run.Shop.Cream : run.Shop.Serum;

        var failed = await Record.ExceptionAsync(() => run.Room.PinProduct(run.Host, sku));

        Assert.NotNull(failed);
        Assert.False(fixture.StorageFaults.WriteFailurePending(room, "live-room") || fixture.StorageFaults.AnswerLossPending(room, "live-room"));
        await Restart(run);
        run.Model.Resync(await run.Room.GetSnapshot(), await run.Room.GetStats(), sku);
        return $"pin {sku} through a write {(answerLost ? "whose answer was lost" : "that failed")}";
    }

    /// <summary>
    /// Lets the room's tick go, until every Edge's viewers see what the model says the room shows; then the room's own
    /// snapshot and figures must show it too.
    /// </summary>
    private async Task Check(FeedRun run)
    {
        RoomSnapshot snapshot = null!;
        await SeededRuns.Until(
            async () =>
            {
                fixture.Clock.Advance(TimeSpan.FromMilliseconds(30));
                foreach (var edge in run.Edges)
                {
                    await edge.CatchUp(run);
                }

                snapshot = await run.Room.GetSnapshot();
                return run.Edges.All(e => !e.Watching || run.Model.Differs(e.Seen) is null) && run.Model.Differs(snapshot) is null;
            },
            () => string.Join("; ", run.Edges.Where(e => e.Watching && run.Model.Differs(e.Seen) is not null)
                .Select(e => $"{e.Name}'s viewers see {run.Model.Differs(e.Seen)}")
                .Append($"the room's snapshot {run.Model.Differs(snapshot) ?? "is as the model says"}")));

        var stats = await run.Room.GetStats();
        Assert.Equal((run.Model.CommentsAccepted, run.Model.Likes, run.Model.PeakViewers), (stats.Comments, stats.Likes, stats.PeakViewers));
        FeedRun.AssertSameBatches(run.Edges);
    }

    /// <summary>The room, the Edges watching it, and the model.</summary>
    private sealed class FeedRun
    {
        public static readonly Actor Ops = new("ops-1", "Operations", Roles.Ops);

        private readonly TimeSpan _edgeSilence;

        private FeedRun(Shop shop, ILiveRoomGrain room, Actor host, IReadOnlyList<EdgeInModel> edges, TimeSpan edgeSilence)
        {
            _edgeSilence = edgeSilence;
            Shop = shop;
            Room = room;
            Host = host;
            Edges = edges;
        }

        public Shop Shop { get; }

        public ILiveRoomGrain Room { get; }

        public Actor Host { get; }

        public IReadOnlyList<EdgeInModel> Edges { get; }

        public RoomInModel Model { get; } = new();

        public int StepNumber { get; private set; }

        /// <summary>Counts the step, so the batches seen and the viewers' changes are noted against it.</summary>
        public Task<string> NextStep(Func<Task<string>> step)
        {
            StepNumber++;
            return step();
        }

        /// <summary>
        /// The steps in which the room's viewers changed: a count that changes and changes back before the next tick sends
        /// a batch like the one before, which only such a step excuses.
        /// </summary>
        public HashSet<int> ViewersChangedInStep { get; } = [];

        /// <summary>The step in which a batch was first seen by any Edge.</summary>
        private readonly Dictionary<long, int> _firstSeen = [];

        public void Saw(RoomUpdate update) => _firstSeen.TryAdd(update.Seq, StepNumber);

        /// <summary>Whether the viewers changed between the steps in which two batches were first seen.</summary>
        public bool ViewersChangedBetween(RoomUpdate earlier, RoomUpdate later) =>
            ViewersChangedInStep.Any(step => step >= _firstSeen[earlier.Seq] && step <= _firstSeen[later.Seq]);

        public static async Task<FeedRun> Open(IGrainFactory grains, LiveRoomOptions options)
        {
            var (shop, room, host) = await Shop.OpenWithLiveRoom(grains);
            var run = new FeedRun(shop, room, host, [new EdgeInModel("edge A", FeedRecorder.Create(grains)), new EdgeInModel("edge B", FeedRecorder.Create(grains))], options.EdgeSilence);
            run.Model.Status = LiveRoomStatus.Live;
            run.Model.RecentKept = options.RecentComments;
            return run;
        }

        /// <summary>Mostly viewers; now and then the host or operations, whom no rate or slow mode limits.</summary>
        public Actor RandomCommenter(Random random) => random.Next(20) switch
        {
            0 or 1 => Host,
            2 => Ops,
            _ => Actor(ViewerIds[random.Next(ViewerIds.Length)]),
        };

        public Actor Actor(string userId) => userId == Host.UserId ? Host : userId == Ops.UserId ? Ops : new Actor(userId, $"Viewer {userId}", Roles.Member);

        /// <summary>An Edge reports its viewers: joining ones take a snapshot first, as <c>JoinRoom</c> does.</summary>
        public async Task Report(EdgeInModel edge, int viewers, DateTimeOffset now)
        {
            if (edge.Viewers == 0 && viewers > 0)
            {
                edge.Join(await Room.GetSnapshot());
            }

            edge.Viewers = viewers;
            edge.Silent = false;
            var before = Model.Viewers;
            await edge.Recorder.Watch(Room, viewers);
            Model.Reported(edge.Name, viewers, now);
            NoteViewers(before);
        }

        /// <summary>Every Edge that is not silent reports again (periodically, or asked by a room leaving memory).</summary>
        public async Task ReportAgain(DateTimeOffset now)
        {
            var before = Model.Viewers;
            foreach (var edge in Edges.Where(e => e.Watching))
            {
                await edge.Recorder.Watch(Room, edge.Viewers);
                Model.Reported(edge.Name, edge.Viewers, now);
            }

            Model.ForgetSilent(now - _edgeSilence);
            NoteViewers(before);
        }

        private void NoteViewers(int before)
        {
            if (Model.Viewers != before)
            {
                ViewersChangedInStep.Add(StepNumber);
            }
        }

        /// <summary>
        /// Each Edge was sent each batch once, and both the same batch under each number. A number sent twice is told
        /// with both batches: the same batch twice is a message delivered twice; two different ones, two activations
        /// numbering alike.
        /// </summary>
        public static void AssertSameBatches(IReadOnlyList<EdgeInModel> edges)
        {
            Assert.All(edges, edge =>
            {
                var repeated = edge.Recorder.Updates.GroupBy(u => u.Seq).Where(sent => sent.Count() > 1).ToList();
                Assert.True(repeated.Count == 0, $"{edge.Name} was sent {edge.Recorder.Updates.Count} batches under " +
                    $"{edge.Recorder.Updates.Select(u => u.Seq).Distinct().Count()} numbers; again: " +
                    string.Join("; ", repeated.Select(sent => $"{sent.Key}: " +
                        string.Join(" | ", sent.Select(u => $"[{Describe(u)}]")) + (sent.Select(Describe).Distinct().Count() == 1 ? " (the same batch)" : " (different batches)"))));
            });
            Assert.All(
                edges.SelectMany(edge => edge.Recorder.Updates).GroupBy(u => u.Seq),
                sent => Assert.Single(sent.Select(Describe).Distinct()));
        }

        private static string Describe(RoomUpdate u) =>
            $"{string.Join(",", u.Comments.Select(c => $"{c.CommentId}:{c.UserId}:{c.Text}"))} -{string.Join(",", u.DeletedCommentIds)} {u.Viewers} {u.Likes} {u.PinnedSku} {u.Status} {u.SlowModeSeconds}";
    }

    /// <summary>
    /// One Edge and what its viewers see, kept as <c>LiveRoomFeeds</c> keeps it: a snapshot on joining, then each batch
    /// numbered one above the last; a batch further on means some were missed, asked of the room, and if it no longer
    /// has them, a snapshot again.
    /// </summary>
    private sealed class EdgeInModel(string name, FeedRecorder recorder)
    {
        private int _read;
        private RoomUpdate? _lastApplied;

        public string Name { get; } = name;

        public FeedRecorder Recorder { get; } = recorder;

        /// <summary>Viewers this Edge has in the room (what it reports).</summary>
        public int Viewers { get; set; }

        /// <summary>Its reports stopped; its viewers are still connected and will see the gap.</summary>
        public bool Silent { get; set; }

        /// <summary>Whether its viewers must see the room as it is (it has some, and the room hears from it).</summary>
        public bool Watching => Viewers > 0 && !Silent;


        public ViewerSees Seen { get; private set; } = new();

        /// <summary>A snapshot; the batches it includes, arriving still or later, are passed over by their number.</summary>
        public void Join(RoomSnapshot snapshot)
        {
            _lastApplied = null;
            Seen = new ViewerSees
            {
                Seq = snapshot.Seq,
                Comments = [.. snapshot.RecentComments],
                Likes = snapshot.Likes,
                Viewers = snapshot.Viewers,
                Pinned = snapshot.PinnedSku,
                Status = snapshot.Status,
                SlowModeSeconds = snapshot.SlowModeSeconds,
            };
        }

        /// <summary>Takes the batches that arrived since last asked.</summary>
        public async Task CatchUp(FeedRun run)
        {
            var room = run.Room;
            var updates = Recorder.Updates;
            while (_read < updates.Count)
            {
                var update = updates[_read++];
                run.Saw(update);
                if (Viewers == 0 || update.Seq <= Seen.Seq)
                {
                    continue;
                }

                if (update.Seq > Seen.Seq + 1)
                {
                    var missed = await room.GetBatchesAfter(Seen.Seq);
                    if (missed.IsEmpty || missed[0].Seq != Seen.Seq + 1)
                    {
                        Join(await room.GetSnapshot());
                        continue;
                    }

                    foreach (var batch in missed.Where(b => b.Seq < update.Seq))
                    {
                        run.Saw(batch);
                        Apply(batch, run);
                    }
                }

                Apply(update, run);
            }
        }

        private void Apply(RoomUpdate update, FeedRun run)
        {
            Assert.Equal(Seen.Seq + 1, update.Seq);
            var newest = Seen.Comments.Count == 0 ? 0 : Seen.Comments.Max(c => c.CommentId);
            Assert.All(update.Comments, c => Assert.True(c.CommentId > newest, $"{Name} was sent comment #{c.CommentId} after #{newest}"));
            Assert.Equal(update.Comments.Length, update.Comments.Select(c => c.CommentId).Distinct().Count());
            Assert.False(update.Comments.Any(c => update.DeletedCommentIds.Contains(c.CommentId)), $"{Name} was sent a comment deleted before it went out");
            if (_lastApplied is { } previous && !run.ViewersChangedBetween(previous, update))
            {
                Assert.False(
                    update.Comments.IsEmpty && update.DeletedCommentIds.IsEmpty && update.Viewers == previous.Viewers && update.Likes == previous.Likes
                        && update.PinnedSku == previous.PinnedSku && update.Status == previous.Status && update.SlowModeSeconds == previous.SlowModeSeconds,
                    $"{Name} was sent batch {update.Seq}, which changes nothing");
            }

            _lastApplied = update;
            Seen.Seq = update.Seq;
            Seen.Comments.AddRange(update.Comments);
            Seen.Comments.RemoveAll(c => update.DeletedCommentIds.Contains(c.CommentId));
            (Seen.Likes, Seen.Viewers, Seen.Pinned, Seen.Status, Seen.SlowModeSeconds) = (update.Likes, update.Viewers, update.PinnedSku, update.Status, update.SlowModeSeconds);
        }
    }

    /// <summary>What an Edge's viewers have been shown.</summary>
    private sealed class ViewerSees
    {
        public long Seq { get; set; } = -1;

        public List<RoomComment> Comments { get; init; } = [];

        public long Likes { get; set; }

        public int Viewers { get; set; }

        public string? Pinned { get; set; }

        public LiveRoomStatus Status { get; set; }

        public int SlowModeSeconds { get; set; }
    }

    /// <summary>A comment the room took, and whose retry it names.</summary>
    private sealed record Post(string UserId, string ClientMessageId, long CommentId, string Text, DateTimeOffset At);

    /// <summary>What a comment must be answered: a repeat of an earlier one, a refusal, or (neither) a new comment.</summary>
    private sealed record Expected(long? RepeatOf, string? Refused);

    /// <summary>The room as its rules say it must be.</summary>
    private sealed class RoomInModel
    {
        private readonly Dictionary<string, (int Viewers, DateTimeOffset At)> _edges = [];

        /// <summary>Each viewer's allowance in this activation: a new activation starts everyone afresh.</summary>
        private readonly Dictionary<string, (double Tokens, DateTimeOffset At, DateTimeOffset LastUsed)> _buckets = [];

        /// <summary>Retries the room recognises: a new activation only those of the latest comments it stored.</summary>
        private readonly HashSet<(string UserId, string ClientMessageId)> _recognised = [];

        /// <summary>Posts before this one came before a failed write: which of them the room stored, nobody knows.</summary>
        private int _knownStoredFrom;

        public LiveRoomStatus Status { get; set; }

        public int RecentKept { get; set; }

        public List<Post> Posts { get; } = [];

        /// <summary>The latest comments the room keeps (<see cref="RecentKept"/> at most, fewer after deletions).</summary>
        public List<Post> Recent { get; } = [];

        public long LastCommentId { get; private set; }

        public long CommentsAccepted { get; private set; }

        public long Likes { get; set; }

        public string? Pinned { get; set; }

        public int SlowModeSeconds { get; set; }

        public Dictionary<string, DateTimeOffset> Mutes { get; } = [];

        public int Viewers => _edges.Values.Sum(e => e.Viewers);

        public int PeakViewers { get; private set; }

        public bool Recognises(Post post) => _recognised.Contains((post.UserId, post.ClientMessageId));

        /// <summary>The rules in the order the room applies them: a retry, the room live, a mute, the text, slow mode, the allowance.</summary>
        public Expected Post(Actor actor, string clientMessageId, string text, DateTimeOffset now, LiveRoomOptions options)
        {
            if (Posts.FirstOrDefault(p => p.UserId == actor.UserId && p.ClientMessageId == clientMessageId) is { } earlier && Recognises(earlier))
            {
                return new Expected(earlier.CommentId, null);
            }

            if (Status != LiveRoomStatus.Live)
            {
                return new Expected(null, ErrorCodes.RoomNotLive);
            }

            if (Mutes.TryGetValue(actor.UserId, out var until) && until > now)
            {
                return new Expected(null, ErrorCodes.Muted);
            }

            var cleaned = Clean(text);
            if (cleaned.Length == 0 || cleaned.Length > options.CommentMaxLength)
            {
                return new Expected(null, cleaned.Length == 0 ? ErrorCodes.CommentEmpty : ErrorCodes.CommentTooLong);
            }

            var moderator = actor.Role != Roles.Member;
            if (moderator)
            {
                return new Expected(null, null);
            }

            if (SlowModeSeconds > 0 && _buckets.TryGetValue(actor.UserId, out var last) && now - last.LastUsed < TimeSpan.FromSeconds(SlowModeSeconds))
            {
                return new Expected(null, ErrorCodes.SlowMode);
            }

            // A token bucket: refills at the rate, up to the burst.
            var bucket = _buckets.TryGetValue(actor.UserId, out var known) ? known : (options.CommentBurst, now, now);
            var tokens = Math.Min(options.CommentBurst, bucket.Tokens + (now - bucket.At).TotalSeconds * options.CommentsPerSecond);
            if (tokens < 1)
            {
                _buckets[actor.UserId] = (tokens, now, bucket.LastUsed);
                return new Expected(null, ErrorCodes.TooFast);
            }

            _buckets[actor.UserId] = (tokens - 1, now, now);
            return new Expected(null, null);
        }

        public void Accepted(Actor actor, string clientMessageId, long commentId, string text, DateTimeOffset now)
        {
            Assert.True(commentId > LastCommentId, $"comment #{commentId} numbered below #{LastCommentId}, given before it");
            LastCommentId = commentId;
            CommentsAccepted++;
            var post = new Post(actor.UserId, clientMessageId, commentId, Clean(text), now);
            Posts.Add(post);
            Recent.Add(post);
            if (Recent.Count > RecentKept)
            {
                Recent.RemoveAt(0);
            }

            _recognised.Add((actor.UserId, clientMessageId));
        }

        /// <summary>A new activation: allowances start afresh; only the latest comments' retries are recognised.</summary>
        public void Restarted(LiveRoomOptions options)
        {
            _buckets.Clear();
            _recognised.Clear();
            foreach (var post in Posts.Skip(_knownStoredFrom).TakeLast(options.RecentComments))
            {
                _recognised.Add((post.UserId, post.ClientMessageId));
            }

            _edges.Clear();
        }

        /// <summary>
        /// After a failed write: the room as the next activation read it, which must be what it was given up to some
        /// write — its latest comments a run of those it took, no more comments, likes or peak than it had, the pin before
        /// or the one being written. Which retries it still recognises depends on which write was its last: none is tried.
        /// </summary>
        public void Resync(RoomSnapshot snapshot, RoomStats stats, string pinning)
        {
            var posts = Posts.ToDictionary(p => p.CommentId);
            Assert.All(snapshot.RecentComments, c => Assert.True(
                posts.TryGetValue(c.CommentId, out var post) && (post.UserId, post.Text) == (c.UserId, c.Text),
                $"comment #{c.CommentId} '{c.Text}' by {c.UserId} shown after the failed write was never given"));
            Assert.True(stats.Comments <= CommentsAccepted && stats.Likes <= Likes && stats.PeakViewers <= PeakViewers, $"{stats} where the room was given no more than {CommentsAccepted} comments, {Likes} likes, peak {PeakViewers}");
            Assert.True(snapshot.PinnedSku == Pinned || snapshot.PinnedSku == pinning, $"pinned {snapshot.PinnedSku}");

            Recent.Clear();
            Recent.AddRange(snapshot.RecentComments.Select(c => posts[c.CommentId]));
            (CommentsAccepted, Likes, PeakViewers, Pinned) = (stats.Comments, stats.Likes, stats.PeakViewers, snapshot.PinnedSku);
            _recognised.Clear();
            _knownStoredFrom = Posts.Count;
        }

        public void Reported(string edge, int viewers, DateTimeOffset now)
        {
            if (viewers > 0)
            {
                _edges[edge] = (viewers, now);
            }
            else
            {
                _edges.Remove(edge);
            }

            PeakViewers = Math.Max(PeakViewers, Viewers);
        }

        public void ForgetSilent(DateTimeOffset before)
        {
            foreach (var edge in _edges.Where(e => e.Value.At < before).Select(e => e.Key).ToList())
            {
                _edges.Remove(edge);
            }
        }

        /// <summary>How <paramref name="seen"/> differs from the room as the model has it; null when it does not.</summary>
        public string? Differs(ViewerSees seen) =>
            Differs(seen.Comments, seen.Likes, seen.Viewers, seen.Pinned, seen.Status, seen.SlowModeSeconds, whole: false);

        public string? Differs(RoomSnapshot snapshot) =>
            Differs([.. snapshot.RecentComments], snapshot.Likes, snapshot.Viewers, snapshot.PinnedSku, snapshot.Status, snapshot.SlowModeSeconds, whole: true);

        /// <summary>
        /// A viewer may hold more comments than the room keeps (those it saw before older ones left the room's latest); the
        /// room's latest must be the end of them, and all of them the room's comments, in order, less the deleted.
        /// </summary>
        private string? Differs(List<RoomComment> comments, long likes, int viewers, string? pinned, LiveRoomStatus status, int slowModeSeconds, bool whole)
        {
            var expected = Recent.Select(p => $"#{p.CommentId} {p.UserId} '{p.Text}'").ToList();
            var shown = comments.Select(c => $"#{c.CommentId} {c.UserId} '{c.Text}'").ToList();
            var tail = whole ? shown : [.. shown.TakeLast(Recent.Count)];
            if (!tail.SequenceEqual(expected))
            {
                var at = tail.Zip(expected).TakeWhile(p => p.First == p.Second).Count();
                return $"{tail.Count} of the latest comments where the room has {expected.Count}, the first to differ {tail.ElementAtOrDefault(at) ?? "none"} where the room's is {expected.ElementAtOrDefault(at) ?? "none"}";
            }

            if (!whole && comments.Count > Recent.Count && comments.Select(c => c.CommentId).Zip(comments.Skip(1).Select(c => c.CommentId)).Any(p => p.First >= p.Second))
            {
                return "comments out of order";
            }

            return (likes, viewers, pinned, status, slowModeSeconds) == (Likes, Viewers, Pinned, Status, SlowModeSeconds)
                ? null
                : $"likes {likes}, viewers {viewers}, pinned {pinned}, {status}, slow mode {slowModeSeconds} s where the room has {Likes}, {Viewers}, {Pinned}, {Status}, {SlowModeSeconds} s";
        }

        /// <summary>What the room keeps of a text: control characters and invisible formatting removed, trimmed.</summary>
        private static string Clean(string text) =>
            new string([.. text.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)]).Trim();
    }
}
