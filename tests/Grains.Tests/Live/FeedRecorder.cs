using System.Collections.Concurrent;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>Stands in for an Edge watching rooms: reports viewers and records every batch it is sent.</summary>
public sealed class FeedRecorder : IEdgeFeedObserver
{
    private readonly ConcurrentQueue<RoomUpdate> _updates = new();
    private readonly ConcurrentQueue<string> _closing = new();

    private FeedRecorder(IGrainFactory grains, string edgeId)
    {
        EdgeId = edgeId;
        Reference = grains.CreateObjectReference<IEdgeFeedObserver>(this);
    }

    public string EdgeId { get; }

    public IEdgeFeedObserver Reference { get; }

    public IReadOnlyList<RoomUpdate> Updates => [.. _updates];

    public static FeedRecorder Create(IGrainFactory grains) => new(grains, $"edge-{Guid.NewGuid():N}");

    public Task Watch(ILiveRoomGrain room, int viewers = 1) => room.ReportViewers(EdgeId, Reference, viewers);

    public Task RoomUpdate(RoomUpdate update)
    {
        _updates.Enqueue(update);
        return Task.CompletedTask;
    }

    /// <summary>Rooms that said they were leaving memory while this Edge watched them.</summary>
    public IReadOnlyList<string> Closing => [.. _closing];

    public Task RoomClosing(string roomId)
    {
        _closing.Enqueue(roomId);
        return Task.CompletedTask;
    }

    /// <summary>Waits for a batch satisfying <paramref name="condition"/> (batches are one-way, on the room's tick).</summary>
    public async Task<RoomUpdate> WaitFor(Func<RoomUpdate, bool> condition, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_updates.FirstOrDefault(condition) is { } update)
            {
                return update;
            }

            await Task.Delay(20, cancel.Token);
        }
    }
}
