using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>
/// A viewer's view of one live room over a real /hubs/live connection, kept the way the contract says a client
/// should: join for a snapshot, apply batches with a greater seq (batches may arrive before the join's answer), and
/// re-join when a seq is skipped (again, when a re-join is refused). Records every comment delivered, duplicates included, so tests can prove none are.
/// </summary>
public sealed class RoomWatcher
{
    private readonly HubConnection _connection;
    private readonly string _roomId;
    private readonly Lock _lock = new();
    private readonly List<RoomUpdate> _early = [];
    private readonly List<RoomComment> _delivered = [];
    private RoomSnapshot? _snapshot;
    private long _seq;

    private RoomWatcher(HubConnection connection, string roomId)
    {
        _connection = connection;
        _roomId = roomId;
    }

    public RoomUpdate? Latest { get; private set; }

    public int Rejoins { get; private set; }

    public int Batches { get; private set; }

    /// <summary>Every comment delivered to this viewer, in arrival order (snapshot comments excluded).</summary>
    public IReadOnlyList<RoomComment> Comments
    {
        get
        {
            lock (_lock)
            {
                return [.. _delivered];
            }
        }
    }

    public RoomSnapshot Snapshot => _snapshot!;

    /// <summary>Whether the comment reached this viewer, in a batch or in the snapshot of a (re-)join.</summary>
    public bool Heard(long commentId)
    {
        lock (_lock)
        {
            return _delivered.Any(c => c.CommentId == commentId) || (_snapshot?.RecentComments.Any(c => c.CommentId == commentId) ?? false);
        }
    }

    /// <summary>Hands each comment the moment it arrives (for latency measurements).</summary>
    public Action<RoomComment>? OnComment { get; set; }

    /// <summary>Starts <paramref name="connection"/> if needed, listens, and joins the room.</summary>
    public static async Task<RoomWatcher> JoinAsync(HubConnection connection, string roomId, CancellationToken cancellationToken = default)
    {
        var watcher = new RoomWatcher(connection, roomId);
        connection.On<RoomUpdate>("RoomUpdate", watcher.Receive);
        if (connection.State == HubConnectionState.Disconnected)
        {
            await connection.StartAsync(cancellationToken);
        }

        await watcher.JoinAsync(cancellationToken);
        return watcher;
    }

    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _snapshot = null;
        }

        var snapshot = await _connection.InvokeAsync<RoomSnapshot>("JoinRoom", _roomId, cancellationToken);
        lock (_lock)
        {
            _snapshot = snapshot;
            _seq = snapshot.Seq;
            foreach (var update in _early.Where(u => u.Seq > snapshot.Seq).OrderBy(u => u.Seq).ToList())
            {
                Apply(update);
            }

            _early.Clear();
        }
    }

    private void Receive(RoomUpdate update)
    {
        if (update.RoomId != _roomId)
        {
            return;
        }

        var gap = false;
        lock (_lock)
        {
            if (_snapshot is null)
            {
                _early.Add(update);
                return;
            }

            if (update.Seq > _seq + 1)
            {
                gap = true;
            }

            Apply(update);
        }

        if (gap)
        {
            Rejoins++;
            _ = RejoinAsync();
        }
    }

    /// <summary>
    /// As a client should: a re-join the Edge refuses (the room's silo just died, and the cluster answers
    /// <c>unavailable</c> until it has moved on) is tried again a moment later, while the connection lasts.
    /// </summary>
    private async Task RejoinAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await JoinAsync();
                return;
            }
            catch (HubException) when (attempt < 100 && _connection.State == HubConnectionState.Connected)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
            catch (Exception)
            {
                // The connection is gone, or the room refused a hundred times: the test that needs this viewer fails.
                return;
            }
        }
    }

    private void Apply(RoomUpdate update)
    {
        _seq = update.Seq;
        Latest = update;
        Batches++;
        foreach (var comment in update.Comments)
        {
            _delivered.Add(comment);
            OnComment?.Invoke(comment);
        }
    }
}
