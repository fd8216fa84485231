using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The rooms and their latest figures, as they report them (on every change of status, and every few seconds while
/// live), each silo's reports together (<see cref="RoomDirectoryRelay"/>). In memory only: after a restart, live rooms
/// report again within one report interval.
/// </summary>
[Reentrant]
public sealed class LiveRoomDirectoryGrain : Grain, ILiveRoomDirectoryGrain
{
    private readonly Dictionary<string, RoomStats> _rooms = [];

    public Task Report(ImmutableArray<RoomStats> rooms)
    {
        foreach (var stats in rooms)
        {
            _rooms[stats.RoomId] = stats;
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<RoomStats>> List(LiveRoomStatus? status) =>
        Task.FromResult(_rooms.Values
            .Where(r => status is null || r.Status == status)
            .OrderByDescending(r => r.Viewers)
            .ThenBy(r => r.RoomId, StringComparer.Ordinal)
            .ToImmutableArray());
}
