using System.Collections.Immutable;
using System.Diagnostics;
using PrivateDomain.Realtime.Grains.Fanout;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// A room's batched fan-out (DESIGN.md rule 4): what viewers see collects until the next batch, which sends one
/// <see cref="RoomUpdate"/> to each Edge with viewers — one observer call per Edge, never through Redis. Batches go at
/// most once a tick, and only when something changed: a change arms the room's one send timer for a tick after the
/// last batch or a tenth of a tick from now, whichever is later, and the timer sends whatever collected by then. So a
/// room's timer fires only for the batches it sends, and a small room's comment waits a tenth of a tick rather than up
/// to a whole one. The last few batches are kept for an Edge that missed one.
/// </summary>
/// <param name="room">The room grain, whose timer sends (so a batch is built in the room's own turn).</param>
/// <param name="tickInterval">The least time between two batches.</param>
/// <param name="edges">The Edges with viewers in the room.</param>
/// <param name="nextBatch">Builds the next batch from the room as it is now, numbered one above the last.</param>
internal sealed class RoomFeed(IGrainBase room, TimeSpan tickInterval, EdgeWatchers<IEdgeFeedObserver> edges, GrainMetrics metrics, Func<RoomUpdate> nextBatch)
{
    /// <summary>Batches kept for Edges that missed one: 1.6 s of a busy room at 10 a second, a few KiB each.</summary>
    internal const int BatchesKept = 16;

    /// <summary>How many ticks after its last batch a room still counts as busy (<see cref="Busy"/>).</summary>
    private const int BusyForTicks = 10;

    /// <summary>
    /// The last batches sent (<see cref="BatchesKept"/>), for an Edge that missed one: it asks once, rather than each of
    /// its viewers re-joining for a snapshot. Only the latest few: a gap shows with the next batch, a tick later.
    /// </summary>
    private readonly Queue<RoomUpdate> _recent = new();

    /// <summary>
    /// Registered once and re-armed with <see cref="IGrainTimer.Change"/> for each batch: a room sending a batch every
    /// tick or two would otherwise register and dispose a timer for nearly every one.
    /// </summary>
    private IGrainTimer? _timer;

    /// <summary>True while a change waits for the timer to send it.</summary>
    private bool _armed;

    /// <summary>When the last batch went out (<see cref="Stopwatch"/> timestamp): the next goes a tick after it at the soonest.</summary>
    private long _sentAt;

    private int _viewersSent;

    /// <summary>
    /// True while a batch waits for its time, and for ten ticks after the last one went out (the room's housekeeping
    /// keeps its busy pace until then).
    /// </summary>
    public bool Busy => _armed || Stopwatch.GetElapsedTime(_sentAt) < tickInterval * BusyForTicks;

    /// <summary>Something viewers see changed: it goes out with the next batch, a tick after the last one at the soonest.</summary>
    public void Changed()
    {
        if (_armed)
        {
            return;
        }

        // Never sent from here, even when due: the step that changed the room may change more (an end closes every
        // sale), and a batch shows the room as the step leaves it. And not at once when due: changes often come
        // together (viewers answering the host, a burst of likes), and what comes within the short wait shares the
        // batch instead of waiting a whole tick for the next one.
        _armed = true;
        var due = tickInterval - Stopwatch.GetElapsedTime(_sentAt);
        var gather = tickInterval / 10;
        _timer ??= room.RegisterGrainTimer(SendArmed, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due > gather ? due : gather, Timeout.InfiniteTimeSpan);
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

    private Task SendArmed(CancellationToken cancellationToken)
    {
        _armed = false;
        var update = nextBatch();
        _viewersSent = update.Viewers;
        _sentAt = Stopwatch.GetTimestamp();
        _recent.Enqueue(update);
        if (_recent.Count > BatchesKept)
        {
            _recent.Dequeue();
        }

        metrics.RoomBatchesSent(edges.Send(edge => edge.RoomUpdate(update)));
        return Task.CompletedTask;
    }
}
