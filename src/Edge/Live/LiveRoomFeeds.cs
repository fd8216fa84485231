using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Feeds;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Edge.Telemetry;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>
/// This Edge's side of the rooms' fan-out. Rooms know the Edge as one observer and send it each batch once; the Edge
/// serializes it once and queues it for every local connection in the room. Rooms hear how many of its connections
/// watch (see <see cref="EdgeFeed{THub, TTopic}"/>), and the likes tapped here, summed. Room traffic never goes
/// through the Redis backplane.
/// </summary>
public sealed class LiveRoomFeeds : EdgeFeed<LiveHub, LocalRoom>, IEdgeFeedObserver
{
    private readonly ConcurrentDictionary<string, long> _likes = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly EdgeIdentity _identity;
    private readonly Lazy<IEdgeFeedObserver> _reference;

    /// <summary>How long missed batches are waited for before the held ones go on with the gap (a grain call answers in milliseconds).</summary>
    internal static readonly TimeSpan MissedBatchWait = TimeSpan.FromSeconds(2);

    public LiveRoomFeeds(IGrainFactory grains, EdgeIdentity identity, IOptions<LiveEdgeOptions> options, EdgeMetrics metrics, ILogger<LiveRoomFeeds> logger)
        : base(options.Value.SendBufferBatches, options.Value.WatchesPerConnection, metrics.For("live"), logger)
    {
        _grains = grains;
        _identity = identity;
        _reference = new Lazy<IEdgeFeedObserver>(() => grains.CreateObjectReference<IEdgeFeedObserver>(this));
    }

    /// <summary>
    /// Joins a connection to a room and answers the room's snapshot. The room learns of this Edge before the snapshot
    /// is taken, so every later batch reaches the connection; batches already in the snapshot do not.
    /// </summary>
    public async Task<RoomSnapshot> Join(string connectionId, string roomId)
    {
        var room = await Watch(connectionId, roomId, id => new LocalRoom(id, _grains.GetGrain<ILiveRoomGrain>(id)));
        try
        {
            var snapshot = await AgainIfASiloLeaves(room.Grain.GetSnapshot);
            lock (room)
            {
                if (room.Members.TryGetValue(connectionId, out var member) && member.Pending is { } pending)
                {
                    member.AfterSeq = snapshot.Seq;
                    member.Pending = null;
                    foreach (var (_, message) in pending.Where(p => p.Seq > snapshot.Seq))
                    {
                        member.Viewer.Enqueue(message);
                    }
                }
            }

            return snapshot;
        }
        catch
        {
            Unwatch(connectionId, roomId);
            throw;
        }
    }

    /// <summary>The room's grain: the one this Edge already relays, or a new reference.</summary>
    public ILiveRoomGrain Room(string roomId) => Find(roomId)?.Grain ?? _grains.GetGrain<ILiveRoomGrain>(roomId);

    /// <summary>Counts taps; <see cref="FlushLikes"/> sends each room one sum.</summary>
    public void Like(string roomId, int count) => _likes.AddOrUpdate(roomId, count, (_, sum) => sum + count);

    public void FlushLikes()
    {
        foreach (var roomId in _likes.Keys)
        {
            if (_likes.TryRemove(roomId, out var likes) && likes > 0)
            {
                Room(roomId).AddLikes(likes).Ignore();
            }
        }
    }

    Task IEdgeFeedObserver.RoomUpdate(RoomUpdate update)
    {
        if (Find(update.RoomId) is not { } room)
        {
            return Task.CompletedTask;
        }

        long missedAfter;
        lock (room)
        {
            if (room.Held is { } held)
            {
                held.Add(update);
                return Task.CompletedTask;
            }

            if (!room.Misses(update.Seq))
            {
                PassOn(room, update);
                return Task.CompletedTask;
            }

            room.Held = [update];
            missedAfter = room.LastSeq;
        }

        FetchMissed(room, missedAfter).Ignore();
        return Task.CompletedTask;
    }

    /// <summary>
    /// One or more batches did not reach this Edge (rooms send them as one-way messages, which Orleans may drop when a
    /// connection between silos fails). This Edge asks the room for them once, rather than each of its viewers seeing
    /// the gap and re-joining — thousands of snapshot calls on one grain for a big room. Later batches wait meanwhile,
    /// so all go on in order. If the room no longer has them (it was activated again) or does not answer in time, the
    /// held batches go on with the gap, and the viewers re-join as before.
    /// </summary>
    private async Task FetchMissed(LocalRoom room, long after)
    {
        ImmutableArray<RoomUpdate> missed = [];
        var fetching = room.Grain.GetBatchesAfter(after);
        try
        {
            missed = await fetching.WaitAsync(MissedBatchWait);
            if (missed.IsEmpty)
            {
                Log.MissedBatchesNotFetched(Logger, room.Name, after, null);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            fetching.Ignore();
            Log.MissedBatchesNotFetched(Logger, room.Name, after, ex);
        }

        lock (room)
        {
            foreach (var update in missed.Concat(room.Held ?? []).OrderBy(u => u.Seq))
            {
                PassOn(room, update);
            }

            room.Held = null;
        }
    }

    /// <summary>Queues a batch for the room's connections here, unless one with its number went on already (call under the room's lock).</summary>
    private static void PassOn(LocalRoom room, RoomUpdate update)
    {
        if (!room.Advance(update.Seq))
        {
            return;
        }

        // Serialized lazily, once per protocol, by the first connection written to.
        var message = new SerializedHubMessage(new InvocationMessage(nameof(ILiveClient.RoomUpdate), [update]));
        foreach (var member in room.Members.Values)
        {
            if (member.Pending is { } pending)
            {
                pending.Add((update.Seq, message));
            }
            else if (update.Seq > member.AfterSeq)
            {
                member.Viewer.Enqueue(message);
            }
        }
    }

    Task IEdgeFeedObserver.RoomClosing(string roomId)
    {
        ReportAgain(roomId);
        return Task.CompletedTask;
    }

    protected override Task SendCount(LocalRoom room, int watchers) =>
        room.Grain.ReportViewers(_identity.Id, _reference.Value, watchers);
}
