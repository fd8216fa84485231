namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// One separately persisted part of a reentrant grain's state: the live value the grain changes, and a coalesced
/// writer that hands storage a copy. Splitting a grain's state into parts keeps a write proportional to what changed
/// (a sale need not rewrite a long customer list or fulfilment queue). A failed write fails its callers and every
/// later one; the silo's persistent-state factory deactivates the grain, and the next activation reads storage.
/// </summary>
internal sealed class StatePart<T>
    where T : class
{
    private readonly IPersistentState<T> _storage;
    private readonly Func<T, T> _copy;
    private readonly CoalescedWriter _writer;

    public StatePart(IPersistentState<T> storage, Func<T, T> copy)
    {
        _storage = storage;
        _copy = copy;
        Live = copy(storage.State);
        _writer = new CoalescedWriter(() =>
        {
            _storage.State = _copy(Live);
            return _storage.WriteStateAsync();
        }, failed: () => WriteFailed = true);
    }

    /// <summary>The state the grain reads and changes; storage only ever sees copies of it.</summary>
    public T Live { get; }

    /// <summary>
    /// A write failed in this activation: storage may hold more or less than <see cref="Live"/>, and nothing may be
    /// concluded from memory about what it holds (the grain is being deactivated, every later write fails).
    /// </summary>
    public bool WriteFailed { get; private set; }

    public Task WriteAsync() => _writer.WriteAsync();

    /// <inheritdoc cref="CoalescedWriter.WhenAllDurable"/>
    public Task WhenAllDurable() => _writer.WhenAllDurable();
}
