using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Push;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>
/// This Edge's side of the rooms' fan-out. Rooms know the Edge as one observer and send it each batch once; the Edge
/// serializes it once and queues it for every local connection in the room. It tells each room how many of its
/// connections watch (on change, coalesced, and periodically so rooms can forget Edges that died), and sums likes.
/// Room traffic never goes through the Redis backplane.
/// </summary>
public sealed class LiveRoomFeeds : IEdgeFeedObserver
{
    private readonly ConcurrentDictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalRoom> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _likes = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly EdgeIdentity _identity;
    private readonly LiveEdgeOptions _options;
    private readonly ILogger<LiveRoomFeeds> _logger;
    private readonly Lazy<IEdgeFeedObserver> _reference;

    public LiveRoomFeeds(IGrainFactory grains, EdgeIdentity identity, IOptions<LiveEdgeOptions> options, ILogger<LiveRoomFeeds> logger)
    {
        _grains = grains;
        _identity = identity;
        _options = options.Value;
        _logger = logger;
        _reference = new Lazy<IEdgeFeedObserver>(() => grains.CreateObjectReference<IEdgeFeedObserver>(this));
    }

    public int Connections => _viewers.Count;

    public void Connected(HubConnectionContext connection) =>
        _viewers[connection.ConnectionId] = new Viewer(new ConnectionQueue(connection, _options.SendBufferBatches));

    public void Disconnected(string connectionId)
    {
        if (_viewers.TryRemove(connectionId, out var viewer))
        {
            string[] rooms;
            lock (viewer.Rooms)
            {
                rooms = [.. viewer.Rooms];
            }

            foreach (var roomId in rooms)
            {
                Leave(connectionId, roomId);
            }

            viewer.Queue.Complete();
        }
    }

    /// <summary>
    /// Joins a connection to a room and answers the room's snapshot. The room learns of this Edge before the snapshot
    /// is taken, so every later batch reaches the connection; batches already in the snapshot do not.
    /// </summary>
    public async Task<RoomSnapshot> Join(string connectionId, string roomId)
    {
        var viewer = _viewers.GetValueOrDefault(connectionId) ?? throw new HubException("The connection is closing.");
        lock (viewer.Rooms)
        {
            viewer.Rooms.Add(roomId);
        }

        var room = AddMember(roomId, viewer);
        try
        {
            var grain = _grains.GetGrain<ILiveRoomGrain>(roomId);
            if (room.ReportedViewers == 0)
            {
                await Report(room);
            }

            var snapshot = await grain.GetSnapshot();
            lock (room)
            {
                if (room.Members.TryGetValue(connectionId, out var member) && member.Pending is { } pending)
                {
                    member.AfterSeq = snapshot.Seq;
                    member.Pending = null;
                    foreach (var (seq, message) in pending.Where(p => p.Seq > snapshot.Seq))
                    {
                        viewer.Queue.Enqueue(message);
                    }
                }
            }

            return snapshot;
        }
        catch
        {
            Leave(connectionId, roomId);
            throw;
        }
    }

    public void Leave(string connectionId, string roomId)
    {
        if (_viewers.GetValueOrDefault(connectionId) is { } viewer)
        {
            lock (viewer.Rooms)
            {
                viewer.Rooms.Remove(roomId);
            }
        }

        if (_rooms.TryGetValue(roomId, out var room))
        {
            lock (room)
            {
                room.Dirty |= room.Members.Remove(connectionId);
            }
        }
    }

    public bool HasJoined(string connectionId, string roomId) =>
        _viewers.GetValueOrDefault(connectionId) is { } viewer && Contains(viewer, roomId);

    /// <summary>Counts taps; <see cref="FlushLikes"/> sends each room one sum.</summary>
    public void Like(string roomId, int count) => _likes.AddOrUpdate(roomId, count, (_, sum) => sum + count);

    public void FlushLikes()
    {
        foreach (var roomId in _likes.Keys)
        {
            if (_likes.TryRemove(roomId, out var likes) && likes > 0)
            {
                _grains.GetGrain<ILiveRoomGrain>(roomId).AddLikes(likes).Ignore();
            }
        }
    }

    /// <summary>Tells rooms whose viewers changed here (or, with <paramref name="all"/>, every room) the current count.</summary>
    public async Task ReportViewers(bool all)
    {
        foreach (var room in _rooms.Values)
        {
            bool due;
            lock (room)
            {
                due = room.Dirty || (all && room.Members.Count > 0);
            }

            if (due)
            {
                try
                {
                    await Report(room);
                }
                catch (DomainException)
                {
                    // The room does not exist (a join to an unknown id): nobody is left in it here; forget it.
                    Forget(room);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.ViewerReportFailed(_logger, room.RoomId, ex);
                }
            }
        }
    }

    Task IEdgeFeedObserver.RoomUpdate(RoomUpdate update)
    {
        if (!_rooms.TryGetValue(update.RoomId, out var room))
        {
            return Task.CompletedTask;
        }

        var message = new SerializedHubMessage(new InvocationMessage(nameof(ILiveClient.RoomUpdate), [update]));
        lock (room)
        {
            // Batches are numbered by the room; one seen already (a repeat or a late arrival) is never passed on.
            if (update.Seq <= room.LastSeq)
            {
                return Task.CompletedTask;
            }

            room.LastSeq = update.Seq;
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

        return Task.CompletedTask;
    }

    private LocalRoom AddMember(string roomId, Viewer viewer)
    {
        while (true)
        {
            var room = _rooms.GetOrAdd(roomId, id => new LocalRoom(id));
            lock (room)
            {
                if (!room.Removed)
                {
                    room.Members[viewer.Queue.ConnectionId] = new LocalRoom.Membership(viewer.Queue);
                    room.Dirty = true;
                    return room;
                }
            }
        }
    }

    private async Task Report(LocalRoom room)
    {
        await room.Reporting.WaitAsync();
        try
        {
            int viewers;
            lock (room)
            {
                viewers = room.Members.Count;
                room.Dirty = false;
            }

            try
            {
                await _grains.GetGrain<ILiveRoomGrain>(room.RoomId).ReportViewers(_identity.Id, _reference.Value, viewers);
            }
            catch
            {
                lock (room)
                {
                    room.Dirty = true;
                }

                throw;
            }

            lock (room)
            {
                room.ReportedViewers = viewers;
            }

            if (viewers == 0)
            {
                Forget(room);
            }
        }
        finally
        {
            room.Reporting.Release();
        }
    }

    /// <summary>Drops a room nobody here watches any more (the room already heard zero, or does not exist).</summary>
    private void Forget(LocalRoom room)
    {
        lock (room)
        {
            if (room.Members.Count == 0)
            {
                room.Removed = true;
                room.Dirty = false;
                _rooms.TryRemove(room.RoomId, out _);
            }
        }
    }

    private static bool Contains(Viewer viewer, string roomId)
    {
        lock (viewer.Rooms)
        {
            return viewer.Rooms.Contains(roomId);
        }
    }

    /// <summary>A connection on /hubs/live: its send queue and the rooms it joined (the set guarded by itself).</summary>
    private sealed class Viewer(ConnectionQueue queue)
    {
        public ConnectionQueue Queue { get; } = queue;

        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }
}
