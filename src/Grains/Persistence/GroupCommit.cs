namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// Group commit for a reentrant grain: callers append what they changed in memory and await one shared write.
/// At most one write is in flight; whatever is appended meanwhile goes into the next write, so the number of
/// writes grows with time, not with requests. Not thread-safe: it relies on the grain's single-threaded turns.
/// </summary>
/// <remarks>
/// <para>
/// The write delegate is invoked synchronously when a batch is cut, so its synchronous prefix sees exactly the
/// state "everything durable so far plus this batch" (used to take consistent snapshots). After a failed write
/// the batch, everything queued behind it and every later append fail: their in-memory effects were built on a
/// write that may not have happened (or landed unheard), so <paramref name="failed"/> is called once, and it must
/// get the owner to discard its state (deactivate) and rebuild from storage.
/// </para>
/// <para>
/// With a <paramref name="gatherLimit"/>, a write does not start for the first few callers of a round: the callers a
/// write answers come back at slightly different moments, and the first of them would otherwise start a small write
/// of their own while the rest queue behind it (PostgreSQL's <c>commit_delay</c> problem). The write waits until about
/// as many callers are waiting as the last round had, or for the limit, whichever comes first. Only after a round of
/// at least <see cref="GatherAfterRoundsOf"/> callers: the limit is a timer's, and a timer set for a millisecond fires
/// after several on some machines (about 4 ms on the benchmarks' machine), too long for a quiet pool's caller to wait
/// for a second one who may not come. The wait is measured on the real clock (<paramref name="gatherClock"/> only for
/// tests): it is about the machine's round trips, not business time.
/// </para>
/// </remarks>
internal sealed class GroupCommit<T>(
    Func<IReadOnlyList<T>, Task> write, Action<Exception> failed, TimeSpan gatherLimit = default, TimeProvider? gatherClock = null)
{
    private List<T> _buffer = [];
    private int _bufferCallers;
    private TaskCompletionSource? _bufferDurable;
    private Task? _inFlightDurable;
    private Task _flushLoop = Task.CompletedTask;

    /// <summary>
    /// The fewest callers a round must have had for the next write to wait for its return. PostgreSQL's own
    /// <c>commit_delay</c> waits only with at least five transactions open (<c>commit_siblings</c>), for the same reason.
    /// </summary>
    private const int GatherAfterRoundsOf = 4;

    /// <summary>Callers in the last round: those the last write answered and those who came while it ran.</summary>
    private int _lastRoundCallers;
    private int _gatherTarget;
    private TaskCompletionSource? _gathered;

    /// <summary>The failure that poisoned this commit pipeline, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Appends items; the task completes when they, and everything appended before, are durable.</summary>
    public Task Append(IReadOnlyCollection<T> items)
    {
        if (Failure is not null)
        {
            return Task.FromException(Failure);
        }

        _buffer.AddRange(items);
        _bufferCallers++;
        _bufferDurable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var durable = _bufferDurable.Task;
        if (_flushLoop.IsCompleted)
        {
            _flushLoop = FlushLoop();
        }
        else if (_gathered is not null && _bufferCallers >= _gatherTarget)
        {
            _gathered.TrySetResult();
        }

        return durable;
    }

    /// <summary>Completes when everything appended so far is durable (for idempotent replays of in-flight requests).</summary>
    public Task WhenAllDurable() =>
        Failure is not null ? Task.FromException(Failure)
        : _bufferDurable?.Task ?? _inFlightDurable ?? Task.CompletedTask;

    private async Task FlushLoop()
    {
        while (_buffer.Count > 0)
        {
            await Gather();
            var batch = _buffer;
            var callers = _bufferCallers;
            var durable = _bufferDurable!;
            _buffer = [];
            _bufferCallers = 0;
            _bufferDurable = null;
            _inFlightDurable = durable.Task;
            try
            {
                await write(batch);
                durable.TrySetResult();
                _lastRoundCallers = callers + _bufferCallers;
            }
            catch (Exception ex)
            {
                Failure = ex;
                failed(ex);
                durable.TrySetException(ex);
                _bufferDurable?.TrySetException(ex);
                _bufferDurable = null;
                _buffer.Clear();
                return;
            }
        }

        _inFlightDurable = null;
    }

    /// <summary>Waits, up to the gather limit, until about as many callers wait as the last round had.</summary>
    private async Task Gather()
    {
        // Seven in eight: the last few of a round can be much later than the rest, and are better left to the next
        // (waiting for all of them, or for three in four, gave fewer reservations a second: docs/benchmarks.md).
        var target = _lastRoundCallers - _lastRoundCallers / 8;
        if (gatherLimit <= TimeSpan.Zero || _lastRoundCallers < GatherAfterRoundsOf || _bufferCallers >= target)
        {
            return;
        }

        _gatherTarget = target;
        _gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Task.WhenAny(_gathered.Task, Task.Delay(gatherLimit, gatherClock ?? TimeProvider.System));
        _gathered = null;
    }
}
