using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Live;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>A room's chat rules on a clock the test moves (the grain tests run them on the wall clock).</summary>
public sealed class RoomChatTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Viewer = new("m-chen", "Chen Jing", Roles.Member);

    private readonly RoomChat _chat = new(new LiveRoomOptions());
    private readonly LiveRoomState _room = new()
    {
        Info = new LiveRoomInfo("room-1", "g-li", "Serum night", "shanghai", ["sku-serum"], LiveRoomStatus.Live, Start, Start, EndedAt: null),
    };

    [Fact]
    public void Viewer_HasABurstOfThree_ThenOneASecond_AndTheHostIsNotLimited()
    {
        for (var i = 0; i < 3; i++)
        {
            Post(Viewer, $"c-{i}", Start);
        }

        Assert.Equal(ErrorCodes.TooFast, Assert.Throws<DomainException>(() => Post(Viewer, "c-3", Start.AddMilliseconds(900))).Code);
        Post(Viewer, "c-4", Start.AddSeconds(1));
        Assert.Equal(ErrorCodes.TooFast, Assert.Throws<DomainException>(() => Post(Viewer, "c-5", Start.AddSeconds(1.5))).Code);

        for (var i = 0; i < 10; i++)
        {
            _chat.Post(_room, new Actor("g-li", "Li Fang", Roles.Guide), $"h-{i}", "Welcome!", isModerator: true, Start);
        }

        Assert.Equal((14L, 14L), (_room.Comments, _room.LastCommentId));
    }

    [Fact]
    public void Retry_AnswersTheFirstComment_EvenOnceTheRoomHasEnded_ButOnlyFor2Minutes()
    {
        var (first, _) = Post(Viewer, "c-1", Start);
        _room.Info = _room.Info! with { Status = LiveRoomStatus.Ended };

        Assert.Equal((first, false), Post(Viewer, "c-1", Start.AddSeconds(30)));
        _chat.ForgetStale(_room, Start.AddMinutes(3));
        Assert.Equal(ErrorCodes.RoomNotLive, Assert.Throws<DomainException>(() => Post(Viewer, "c-1", Start.AddMinutes(3))).Code);
        Assert.Equal(1, _room.Comments);
    }

    [Fact]
    public void ViewerWhoseBucketRefillsSlowly_IsNotForgottenBeforeItIsFull()
    {
        // One comment every 100 s, a burst of three: an emptied bucket takes five minutes to fill again.
        var chat = new RoomChat(new LiveRoomOptions { CommentsPerSecond = 0.01, CommentBurst = 3 });
        for (var i = 0; i < 3; i++)
        {
            chat.Post(_room, Viewer, $"c-{i}", "Is it good for dry skin?", isModerator: false, Start);
        }

        chat.ForgetStale(_room, Start.AddMinutes(3));

        chat.Post(_room, Viewer, "c-3", "Is it good for dry skin?", isModerator: false, Start.AddMinutes(3));
        Assert.Equal(ErrorCodes.TooFast, Assert.Throws<DomainException>(
            () => chat.Post(_room, Viewer, "c-4", "Is it good for dry skin?", isModerator: false, Start.AddMinutes(3))).Code);
    }

    [Fact]
    public void SlowModeTurnedOnLater_StillCountsFromAViewersCommentBeforeIt()
    {
        Post(Viewer, "c-1", Start);
        _chat.ForgetStale(_room, Start.AddMinutes(3));

        // Set after the viewer went quiet for longer than retries are remembered: one comment every ten minutes.
        _room.SlowModeSeconds = RoomChat.MaxSlowModeSeconds;
        Assert.Equal(ErrorCodes.SlowMode, Assert.Throws<DomainException>(() => Post(Viewer, "c-2", Start.AddMinutes(3))).Code);

        _chat.ForgetStale(_room, Start.AddMinutes(10).AddSeconds(1));
        Post(Viewer, "c-3", Start.AddMinutes(10).AddSeconds(1));
        Assert.Equal(2, _room.Comments);
    }

    [Fact]
    public void EndedMutes_AreForgotten_AndRunningOnesKept()
    {
        _room.Mutes["m-ended"] = Start.AddMinutes(1);
        _room.Mutes["m-running"] = Start.AddHours(1);

        _chat.ForgetStale(_room, Start.AddMinutes(2));

        Assert.Equal(["m-running"], _room.Mutes.Keys);
        Assert.Equal(ErrorCodes.Muted, Assert.Throws<DomainException>(() => Post(new Actor("m-running", "Zhao Lei", Roles.Member), "c-1", Start.AddMinutes(2))).Code);
    }

    [Fact]
    public void CommentDeletedBeforeItsBatch_NeverGoesOut_ButItsDeletionDoes_AndSnapshotsShowOnlySentComments()
    {
        var (sent, _) = Post(Viewer, "c-1", Start);
        Assert.Empty(_chat.Sent(_room));
        Assert.Equal([sent], _chat.TakeBatch(_room).Comments.Select(c => c.CommentId));
        Assert.Equal([sent], _chat.Sent(_room).Select(c => c.CommentId));

        var (pending, _) = Post(Viewer, "c-2", Start.AddSeconds(2));
        _chat.Delete(_room, pending);
        var (comments, deleted) = _chat.TakeBatch(_room);

        Assert.Empty(comments);
        Assert.Equal([pending], deleted);
        Assert.Equal([sent], _room.Recent.Select(c => c.CommentId));
        Assert.Equal(ErrorCodes.UnknownComment, Assert.Throws<DomainException>(() => _chat.Delete(_room, pending + 1)).Code);
    }

    private (long CommentId, bool IsNew) Post(Actor actor, string clientMessageId, DateTimeOffset at) =>
        _chat.Post(_room, actor, clientMessageId, "Is it good for dry skin?", isModerator: false, at);
}
