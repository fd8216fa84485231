using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Feeds;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>One room as this Edge relays it: its local viewers. Guarded by locking the instance.</summary>
public sealed class LocalRoom(string roomId, ILiveRoomGrain grain) : WatchedTopic(roomId)
{
    /// <summary>The room's grain, resolved once: <c>GetGrain</c> reflects over the interface on every call.</summary>
    public ILiveRoomGrain Grain { get; } = grain;

    internal Dictionary<string, Membership> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Batches that came after a gap, held (in arrival order) while the missed ones are fetched; null otherwise.</summary>
    internal List<RoomUpdate>? Held { get; set; }

    public override int Watchers => Members.Count;

    public override void AddWatcher(FeedConnection connection) => Members[connection.Id] = new Membership(connection.Queue);

    public override bool RemoveWatcher(string connectionId) => Members.Remove(connectionId);

    /// <summary>
    /// A connection in the room. Until its <c>JoinRoom</c> has the snapshot, batches wait in <see cref="Pending"/>; then
    /// those the snapshot already includes (seq ≤ <see cref="AfterSeq"/>) are dropped, so no client sees a change twice.
    /// </summary>
    internal sealed class Membership(ConnectionQueue viewer)
    {
        public ConnectionQueue Viewer { get; } = viewer;

        public long AfterSeq { get; set; } = long.MaxValue;

        public List<(long Seq, SerializedHubMessage Message)>? Pending { get; set; } = [];
    }
}
