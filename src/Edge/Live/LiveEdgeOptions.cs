using System.ComponentModel.DataAnnotations;
using PrivateDomain.Realtime.Grains.Configuration;

namespace PrivateDomain.Realtime.Edge.Live;

/// <summary>Section <c>LiveEdge</c>: how this Edge relays rooms to its connections.</summary>
public sealed class LiveEdgeOptions
{
    public const string Section = "LiveEdge";

    /// <summary>
    /// Batches waiting for one connection. A client that falls further behind loses the oldest, sees a gap in
    /// <c>seq</c> and re-joins for the newest state, so a slow client never makes the server hold more than this.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "LiveEdge:SendBufferBatches must be between 1 and 1024.")]
    public int SendBufferBatches { get; set; } = 32;

    /// <summary>How soon a change in this Edge's viewers of a room reaches the room (changes in between coalesce).</summary>
    [DurationRange("00:00:00.010", "00:00:10", ErrorMessage = "LiveEdge:ViewerReportInterval must be between 10 ms and 10 s.")]
    public TimeSpan ViewerReportInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often every room with viewers here hears from this Edge even without a change (rooms forget silent Edges).</summary>
    [DurationRange("00:00:01", "00:05:00", ErrorMessage = "LiveEdge:ViewerRefreshInterval must be between 1 s and 5 minutes.")]
    public TimeSpan ViewerRefreshInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the likes tapped here are summed and sent to each room.</summary>
    [DurationRange("00:00:00.010", "00:00:10", ErrorMessage = "LiveEdge:LikeFlushInterval must be between 10 ms and 10 s.")]
    public TimeSpan LikeFlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Rooms, boards and PKs one connection may watch at once (a viewer watches one room, the ops page a board and a
    /// PK); beyond it <c>too-many-watches</c> until it leaves one.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "LiveEdge:WatchesPerConnection must be between 1 and 10,000.")]
    public int WatchesPerConnection { get; set; } = 100;

    /// <summary>Hub calls one connection may make per second (bursts of twice this); beyond it the call is refused.</summary>
    [Range(1, 1000, ErrorMessage = "LiveEdge:InvocationsPerSecond must be between 1 and 1000.")]
    public int InvocationsPerSecond { get; set; } = 20;
}
