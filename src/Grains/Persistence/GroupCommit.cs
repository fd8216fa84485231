namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// Group commit for a reentrant grain: callers append what they changed in memory and await one shared write.
/// At most one write is in flight; whatever is appended meanwhile goes into the next write, so the number of
/// writes grows with time, not with requests. Not thread-safe: it relies on the grain's single-threaded turns.
/// </summary>
/// <remarks>
/// The write delegate is invoked synchronously when a batch is cut, so its synchronous prefix sees exactly the
/// state "everything durable so far plus this batch" (used to take consistent snapshots). After a failed write
/// the batch, everything queued behind it and every later append fail: their in-memory effects were built on a
/// write that may not have happened (or landed unheard), so <paramref name="failed"/> is called once, and it must
/// get the owner to discard its state (deactivate) and rebuild from storage.
/// </remarks>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> write, Action<Exception> failed)
{
    private List<T> _buffer = [];
    private TaskCompletionSource? _bufferDurable;
    private Task? _inFlightDurable;
    private Task _flushLoop = Task.CompletedTask;

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
        _bufferDurable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var durable = _bufferDurable.Task;
        if (_flushLoop.IsCompleted)
        {
            _flushLoop = FlushLoop();
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
            var batch = _buffer;
            var durable = _bufferDurable!;
            _buffer = [];
            _bufferDurable = null;
            _inFlightDurable = durable.Task;
            try
            {
                await write(batch);
                durable.TrySetResult();
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
}
