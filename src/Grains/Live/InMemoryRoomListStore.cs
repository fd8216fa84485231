using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The room list of the embedded, in-memory mode. Like a database server it lives outside any one silo (per process and
/// cluster, as the stock ledger), so the directory finds the list again after it moves or its silo restarts.
/// </summary>
public sealed class InMemoryRoomListStore(IOptions<ClusterOptions> cluster) : IRoomListStore
{
    private readonly InMemoryTable<ConcurrentDictionary<string, RoomStats>> _directories = new("live-room-listing", cluster, () => new(StringComparer.Ordinal));

    public Task WriteAsync(string directoryId, IReadOnlyList<RoomStats> rooms, CancellationToken cancellationToken = default)
    {
        var listed = _directories.Of(directoryId);
        foreach (var room in rooms)
        {
            listed[room.RoomId] = room;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RoomStats>> ReadAsync(string directoryId, DateTimeOffset endedAfter, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RoomStats>>(_directories.Find(directoryId) is { } listed
            ? [.. listed.Values.Where(r => r.EndedAt is null || r.EndedAt > endedAfter)]
            : []);
}
