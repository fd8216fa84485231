using System.Collections.Immutable;
using System.Diagnostics;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A room's batched fan-out (DESIGN.md rule 4): what viewers see collects until the next tick, which sends one
/// <see cref="RoomUpdate"/> to each Edge with viewers — one observer call per Edge, never through Redis; an empty tick
/// sends nothing. The tick timer runs only while changes keep coming: a quiet room's next change goes at once, a busy
/// room's waits for its tick. The last few batches are kept for an Edge that missed one.
/// </summary>
/// <param name="room">The room grain, whose timer ticks (so a batch is built in the room's own turn).</param>
/// <param name="tickInterval">The least time between two batches.</param>
/// <param name="edges">The Edges with viewers in the room.</param>
/// <param name="nextBatch">Builds the next batch from the room as it is now, numbered one above the last.</param>
internal sealed class RoomFeed(IGrainBase room, TimeSpan tickInterval, EdgeWatchers<IEdgeFeedObserver> edges, GrainMetrics metrics, Func<RoomUpdate> nextBatch)
{
    /// <summary>Batches kept for Edges that missed one: 1.6 s of a busy room at 10 a second, a few KiB each.</summary>
    internal const int BatchesKept = 16;

    /// <summary>
    /// Empty ticks before the timer stops. Not the first: a room with a change every tick or two would then stop and
    /// start a timer for nearly every batch, which costs more than the empty ticks it saves.
    /// </summary>
    private const int QuietTicksBeforeStop = 10;

    /// <summary>
    /// The last batches sent (<see cref="BatchesKept"/>), for an Edge that missed one: it asks once, rather than each of
    /// its viewers re-joining for a snapshot. Only the latest few: a gap shows with the next batch, a tick later.
    /// </summary>
    private readonly Queue<RoomUpdate> _recent = new();

    private bool _changed;
    private IGrainTimer? _timer;
    private int _quietTicks;

    /// <summary>When the last batch went out (<see cref="Stopwatch"/> timestamp), so a quiet room's next change goes at once.</summary>
    private long _sentAt;

    private int _viewersSent;

    /// <summary>True while the tick timer runs (the room changed within the last <see cref="QuietTicksBeforeStop"/> ticks).</summary>
    public bool Ticking => _timer is not null;

    /// <summary>Something viewers see changed: it goes out with the next tick, started now if the room was quiet.</summary>
    public void Changed()
    {
        _changed = true;
        if (_timer is null)
        {
            var due = tickInterval - Stopwatch.GetElapsedTime(_sentAt);
            _timer = room.RegisterGrainTimer(Tick, due > TimeSpan.Zero ? due : TimeSpan.Zero, tickInterval);
        }
    }

    /// <summary>
    /// An Edge reported its viewers or went silent: a count other than the last one sent goes out with the next batch —
    /// even if it changes back before the tick. A viewer joining meanwhile was shown the other count (a snapshot counts
    /// the viewers as they are), so the batch like the last one is what corrects them.
    /// </summary>
    public void ViewersReported()
    {
        if (edges.Total != _viewersSent)
        {
            Changed();
        }
    }

    /// <summary>The kept batches after <paramref name="seq"/>; none when the first one after it is no longer kept.</summary>
    public ImmutableArray<RoomUpdate> BatchesAfter(long seq) =>
        _recent.TryPeek(out var oldest) && oldest.Seq <= seq + 1 ? [.. _recent.Where(batch => batch.Seq > seq)] : [];

    private Task Tick(CancellationToken cancellationToken)
    {
        if (_changed)
        {
            _quietTicks = 0;
            Send();
        }
        else if (++_quietTicks >= QuietTicksBeforeStop)
        {
            _quietTicks = 0;
            _timer?.Dispose();
            _timer = null;
        }

        return Task.CompletedTask;
    }

    private void Send()
    {
        _changed = false;
        var update = nextBatch();
        _viewersSent = update.Viewers;
        _sentAt = Stopwatch.GetTimestamp();
        _recent.Enqueue(update);
        if (_recent.Count > BatchesKept)
        {
            _recent.Dequeue();
        }

        metrics.RoomBatchesSent(edges.Send(edge => edge.RoomUpdate(update)));
    }
}
