using Microsoft.AspNetCore.SignalR;
using PrivateDomain.Realtime.Edge.Hubs;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>One room as this Edge relays it: its local viewers and the last batch seen. Guarded by locking the instance.</summary>
internal sealed class LocalRoom(string roomId)
{
    public string RoomId { get; } = roomId;

    /// <summary>Reports of the viewer count go out one at a time, so the room receives them in the order they were counted.</summary>
    public SemaphoreSlim Reporting { get; } = new(1, 1);

    public Dictionary<string, Membership> Members { get; } = new(StringComparer.Ordinal);

    public long LastSeq { get; set; } = long.MinValue;

    /// <summary>The count changed since the room last heard it.</summary>
    public bool Dirty { get; set; }

    /// <summary>What the room last heard from this Edge (0 until the first report: the room sends nothing here).</summary>
    public int ReportedViewers { get; set; }

    /// <summary>Dropped from the Edge's rooms after reporting zero; a join that finds it removed starts a new one.</summary>
    public bool Removed { get; set; }

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
