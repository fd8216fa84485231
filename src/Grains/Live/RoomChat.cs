using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A live room's chat: who may comment and how often (the room must be live; mutes, the host's slow mode, each
/// viewer's token bucket), retries recognised by their <c>clientMessageId</c>, and the comments and deletions waiting
/// for the next batch. What lasts — the latest comments and whose retries name them, mutes, slow mode, the counts — is
/// the room's state, passed in on every call (the chat is made with the grain, before its state is read); what is here
/// is per activation.
/// </summary>
internal sealed class RoomChat(LiveRoomOptions options)
{
    /// <summary>
    /// How long a viewer's retry is recognised, and at least how long a viewer's rate is kept after their last comment.
    /// By the next activation, only for the latest comments (<see cref="LiveRoomState.ClientMessages"/>).
    /// </summary>
    private static readonly TimeSpan ClientMessageMemory = TimeSpan.FromMinutes(2);

    /// <summary>The longest slow mode a host may set: one comment every ten minutes.</summary>
    public const int MaxSlowModeSeconds = 600;

    /// <summary>
    /// How long a viewer's last comment is kept: while it could still limit them. Not less than an unused token bucket
    /// takes to fill again (forgotten sooner, a viewer would get a full one back), nor than any slow mode — not only the
    /// one set now: the host may turn on a longer one later, and a viewer forgotten sooner would comment at once under it.
    /// </summary>
    private readonly TimeSpan _commenterMemory = new[]
    {
        ClientMessageMemory, TimeSpan.FromSeconds(options.CommentBurst / options.CommentsPerSecond), TimeSpan.FromSeconds(MaxSlowModeSeconds),
    }.Max();

    private readonly CommentRules _rules = new(options);
    private readonly Dictionary<string, TokenBucket> _commenters = [];
    private readonly Dictionary<(string UserId, string ClientMessageId), (long CommentId, DateTimeOffset At)> _clientMessages = [];
    private readonly List<RoomComment> _pendingComments = [];
    private readonly List<long> _pendingDeletions = [];

    /// <summary>Comments up to this id went out in a batch; later ones are pending, so a snapshot leaves them to the next batch.</summary>
    private long _lastSentCommentId;

    /// <summary>
    /// A new activation: every stored comment counts as sent (the batches after the last flush were lost with the old
    /// one), and a retry of a stored comment is recognised (one lost with the old activation is posted anew).
    /// </summary>
    public void Resume(LiveRoomState room)
    {
        _lastSentCommentId = room.LastCommentId;
        foreach (var message in room.ClientMessages)
        {
            _clientMessages[(message.UserId, message.ClientMessageId)] = (message.CommentId, message.At);
        }
    }

    /// <summary>Posts a comment, or recognises a retry; answers the comment's id and whether it is new.</summary>
    /// <exception cref="DomainException">The room is not live, the viewer is muted or too fast, or the text breaks the rules.</exception>
    public (long CommentId, bool IsNew) Post(LiveRoomState room, Actor actor, string clientMessageId, string text, bool isModerator, DateTimeOffset now)
    {
        if (_clientMessages.TryGetValue((actor.UserId, clientMessageId), out var earlier))
        {
            return (earlier.CommentId, false);
        }

        if (room.Info?.Status != LiveRoomStatus.Live)
        {
            throw DomainException.Conflict(ErrorCodes.RoomNotLive, $"Live room '{room.Info?.RoomId}' is not live.");
        }

        if (room.Mutes.TryGetValue(actor.UserId, out var mutedUntil) && mutedUntil > now)
        {
            throw DomainException.Conflict(ErrorCodes.Muted, $"You are muted in this room until {mutedUntil:O}.");
        }

        var comment = _rules.Clean(text);
        if (!isModerator && room.SlowModeSeconds > 0 && _commenters.TryGetValue(actor.UserId, out var last)
            && now - last.LastUsed < TimeSpan.FromSeconds(room.SlowModeSeconds))
        {
            throw new DomainException(ErrorKind.TooManyRequests, ErrorCodes.SlowMode, $"Slow mode: one comment every {room.SlowModeSeconds} s.");
        }

        if (!_commenters.TryGetValue(actor.UserId, out var bucket))
        {
            _commenters[actor.UserId] = bucket = new TokenBucket(options.CommentsPerSecond, options.CommentBurst, now);
        }

        if (!isModerator && !bucket.TryTake(now))
        {
            throw new DomainException(ErrorKind.TooManyRequests, ErrorCodes.TooFast, "Comments are coming too fast; wait a moment.");
        }

        var posted = new RoomComment(++room.LastCommentId, actor.UserId, actor.Name, comment, now);
        room.Recent.Add(posted);
        if (room.Recent.Count > options.RecentComments)
        {
            room.Recent.RemoveRange(0, room.Recent.Count - options.RecentComments);
        }

        room.ClientMessages.Add(new ClientMessage(actor.UserId, clientMessageId, posted.CommentId, now));
        if (room.ClientMessages.Count > options.RecentComments)
        {
            room.ClientMessages.RemoveRange(0, room.ClientMessages.Count - options.RecentComments);
        }

        room.Comments++;
        _pendingComments.Add(posted);
        _clientMessages[(actor.UserId, clientMessageId)] = (posted.CommentId, now);
        return (posted.CommentId, true);
    }

    /// <summary>Takes a comment out of the history; the deletion goes out with the next batch (and the comment never does, if it had not yet).</summary>
    public void Delete(LiveRoomState room, long commentId)
    {
        if (commentId <= 0 || commentId > room.LastCommentId)
        {
            throw DomainException.NotFound(ErrorCodes.UnknownComment, $"Comment {commentId} does not exist in this room.");
        }

        room.Recent.RemoveAll(c => c.CommentId == commentId);
        _pendingComments.RemoveAll(c => c.CommentId == commentId);
        _pendingDeletions.Add(commentId);
    }

    /// <summary>What the next batch carries; from now on it counts as sent.</summary>
    public (ImmutableArray<RoomComment> Comments, ImmutableArray<long> Deleted) TakeBatch(LiveRoomState room)
    {
        var batch = (_pendingComments.ToImmutableArray(), _pendingDeletions.ToImmutableArray());
        _pendingComments.Clear();
        _pendingDeletions.Clear();
        _lastSentCommentId = room.LastCommentId;
        return batch;
    }

    /// <summary>The latest comments that went out in a batch, for a snapshot (the pending ones follow in the next batch).</summary>
    public ImmutableArray<RoomComment> Sent(LiveRoomState room) => [.. room.Recent.Where(c => c.CommentId <= _lastSentCommentId)];

    /// <summary>
    /// Forgets retries, rates and mutes older than they matter, so a long room does not keep (nor store, with every
    /// flush) every viewer it ever had or muted.
    /// </summary>
    public void ForgetStale(LiveRoomState room, DateTimeOffset now)
    {
        foreach (var (user, _) in room.Mutes.Where(m => m.Value <= now).ToList())
        {
            room.Mutes.Remove(user);
        }

        foreach (var key in _clientMessages.Where(m => now - m.Value.At > ClientMessageMemory).Select(m => m.Key).ToList())
        {
            _clientMessages.Remove(key);
        }

        room.ClientMessages.RemoveAll(m => now - m.At > ClientMessageMemory);

        foreach (var user in _commenters.Where(c => now - c.Value.LastUsed > _commenterMemory).Select(c => c.Key).ToList())
        {
            _commenters.Remove(user);
        }
    }
}
