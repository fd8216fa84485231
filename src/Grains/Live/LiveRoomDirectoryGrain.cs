using System.Collections.Immutable;
using Orleans.Concurrency;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// The rooms and their latest figures, as they report them (on every change of status, on every paid order, and every
/// few seconds while live), each silo's reports together (<see cref="RoomDirectoryRelay"/>). Listed are the rooms
/// scheduled or live, and those ended within <see cref="LiveRoomGrain.AttributionAfterEnd"/>, whose figures still
/// change with orders paid after the end; older ones leave the list. The list is stored (<see cref="IRoomListStore"/>)
/// when a room's status or an ended room's figures change, and at most every 30 s for a live room, so a directory
/// activated again lists every room at once — a live room's figures up to 30 s old until its next report.
/// </summary>
[Reentrant]
public sealed class LiveRoomDirectoryGrain(IRoomListStore store, TimeProvider time) : Grain, ILiveRoomDirectoryGrain
{
    /// <summary>
    /// How often, at most, a live room's figures are stored. Its viewers change all the time and it reports every few
    /// seconds anyway; storing each report would be a row a second for every five live rooms.
    /// </summary>
    private static readonly TimeSpan LiveRoomStoreInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a report waits for the write before it. The relay sends again after a failure, and a report waiting
    /// longer than its caller would (a write hung on the database) would leave the retries queued behind it, one more
    /// per silo each time.
    /// </summary>
    public static readonly TimeSpan WriteWaitLimit = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, RoomStats> _rooms = new(StringComparer.Ordinal);

    /// <summary>What storage holds for each room, and when it was written.</summary>
    private readonly Dictionary<string, (RoomStats Stats, DateTimeOffset At)> _stored = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _writing = new(1, 1);

    private string DirectoryId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var stats in await store.ReadAsync(DirectoryId, now - LiveRoomGrain.AttributionAfterEnd, cancellationToken))
        {
            _rooms[stats.RoomId] = stats;
            _stored[stats.RoomId] = (stats, now);
        }

        this.RegisterGrainTimer(Prune, PruneInterval, PruneInterval);
    }

    /// <summary>Listed once stored: a failed write fails the call, and the relay sends the reports again.</summary>
    public async Task Report(ImmutableArray<RoomStats> rooms)
    {
        if (!rooms.Any(stats => IsCurrent(stats) && MustStore(stats, time.GetUtcNow())))
        {
            ListCurrent(rooms);
            return;
        }

        // One write at a time. Two reports of a room written at once (its relays on two silos, as it moves) can land
        // in either order, and storage kept the one written last: an ended room's row overwritten by its report from
        // while it was live, so the directory activated again listed it live — for good, as an ended room no longer
        // reports. Written in turn, each report is checked against the one listed before it is written.
        using (var giveUp = new CancellationTokenSource(WriteWaitLimit, time))
        {
            try
            {
                await _writing.WaitAsync(giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The room list was still writing an earlier report after {WriteWaitLimit.TotalSeconds:0} s; send this one again.");
            }
        }

        try
        {
            var now = time.GetUtcNow();
            var changed = rooms.Where(stats => IsCurrent(stats) && MustStore(stats, now)).ToList();
            if (changed.Count > 0)
            {
                await store.WriteAsync(DirectoryId, changed);
                foreach (var stats in changed)
                {
                    _stored[stats.RoomId] = (stats, now);
                }
            }

            ListCurrent(rooms);
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task<ImmutableArray<RoomStats>> List(LiveRoomStatus? status, int take, string? hostGuideId = null, string? regionId = null) =>
        Task.FromResult(_rooms.Values
            .Where(r => (status is null || r.Status == status)
                && (hostGuideId is null || r.HostGuideId == hostGuideId)
                && (regionId is null || r.RegionId == regionId))
            .OrderByDescending(r => r.Viewers)
            .ThenBy(r => r.RoomId, StringComparer.Ordinal)
            .Take(take)
            .ToImmutableArray());

    /// <summary>
    /// Lists each report not older than the one listed. A relay retrying a failed call, on a silo the room has since
    /// left, can bring a report older than one listed.
    /// </summary>
    private void ListCurrent(ImmutableArray<RoomStats> rooms)
    {
        foreach (var stats in rooms.Where(IsCurrent))
        {
            _rooms[stats.RoomId] = stats;
        }
    }

    private bool IsCurrent(RoomStats report) => !_rooms.TryGetValue(report.RoomId, out var listed) || !IsBehind(report, listed);

    /// <summary>
    /// Whether a report comes from before the listed one: a room's status only moves forward, and its paid figures
    /// only grow (they are counted in storage; its chat counts may fall back after a restart, so they cannot tell).
    /// </summary>
    private static bool IsBehind(RoomStats report, RoomStats listed) =>
        report.Status < listed.Status || report.Orders < listed.Orders || report.Gmv < listed.Gmv || report.GmvAfterEnd < listed.GmvAfterEnd;

    private bool MustStore(RoomStats stats, DateTimeOffset now) =>
        !_stored.TryGetValue(stats.RoomId, out var stored)
        || stored.Stats.Status != stats.Status
        || (stats.Status == LiveRoomStatus.Ended ? stored.Stats != stats : now - stored.At >= LiveRoomStoreInterval);

    /// <summary>Rooms ended longer ago than their orders count leave the list (their rows stay in storage).</summary>
    private Task Prune(CancellationToken cancellationToken)
    {
        var endedBefore = time.GetUtcNow() - LiveRoomGrain.AttributionAfterEnd;
        foreach (var roomId in _rooms.Values.Where(r => r.EndedAt < endedBefore).Select(r => r.RoomId).ToList())
        {
            _rooms.Remove(roomId);
            _stored.Remove(roomId);
        }

        return Task.CompletedTask;
    }
}
