using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The room directory's list, one row per room with its latest stored figures, so the list of rooms — scheduled, live,
/// and ended ones whose orders still count — survives the directory's restart. Live rooms report again within seconds;
/// an ended room does not, and its figures after the end were otherwise lost with the directory's memory.
/// </summary>
public interface IRoomListStore
{
    /// <summary>Stores each room's figures as given, replacing what was stored for it; each room at most once per call.</summary>
    Task WriteAsync(string directoryId, IReadOnlyList<RoomStats> rooms, CancellationToken cancellationToken = default);

    /// <summary>The rooms not ended, and those that ended after <paramref name="endedAfter"/>.</summary>
    Task<IReadOnlyList<RoomStats>> ReadAsync(string directoryId, DateTimeOffset endedAfter, CancellationToken cancellationToken = default);
}
