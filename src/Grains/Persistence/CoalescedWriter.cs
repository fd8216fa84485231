namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// Whole-state write coalescing for a reentrant grain (the pattern of the Chirper sample): callers change state and
/// await <see cref="WriteAsync"/>; one write is in flight at a time and every change made meanwhile rides on the
/// next one. The write delegate must hand storage a copy that later turns do not touch: storage providers may
/// serialize after their first await, when other turns of a reentrant grain are already running.
/// </summary>
/// <remarks>
/// A failed write leaves memory ahead of storage (and, when the write landed but its answer was lost, the grain's
/// ETag behind it), so the writer fails that write's callers and every later one, and calls <paramref name="failed"/>
/// — the grain's <c>DeactivateOnIdle</c>: the next activation reads what storage has, and the failed callers retry.
/// Without that, one database blip would leave a busy grain (never idle, never collected) failing every write.
/// </remarks>
internal sealed class CoalescedWriter(Func<Task> write, Action failed)
{
    private static readonly bool[] Change = [true];

    private readonly GroupCommit<bool> _commit = new(async _ =>
    {
        try
        {
            await write();
        }
        catch
        {
            failed();
            throw;
        }
    });

    public Task WriteAsync() => _commit.Append(Change);
}
