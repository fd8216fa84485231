namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// Whole-state write coalescing for a reentrant grain (the pattern of the Chirper sample): callers change state and
/// await <see cref="WriteAsync"/>; one write is in flight at a time and every change made meanwhile rides on the
/// next one. The write delegate must hand storage a copy that later turns do not touch: storage providers may
/// serialize after their first await, when other turns of a reentrant grain are already running.
/// </summary>
/// <remarks>
/// A failed write leaves memory ahead of storage, so the writer fails that write's callers and every later one and
/// calls <paramref name="failed"/>, which must get the grain deactivated: the next activation reads what storage has,
/// and the failed callers retry. (A grain's persistent state does that by itself — the silo's state factory — so
/// <see cref="StatePart{T}"/> passes nothing; a writer to another store passes the grain's <c>DeactivateOnIdle</c>.)
/// </remarks>
internal sealed class CoalescedWriter(Func<Task> write, Action failed)
{
    private static readonly bool[] Change = [true];

    private readonly GroupCommit<bool> _commit = new(_ => write(), _ => failed());

    public Task WriteAsync() => _commit.Append(Change);

    /// <summary>
    /// Completes once every change made so far is stored, without writing again; fails if a write failed. For a
    /// repeated request that finds its change already made: it must not be answered before the first is stored.
    /// </summary>
    public Task WhenAllDurable() => _commit.WhenAllDurable();
}
