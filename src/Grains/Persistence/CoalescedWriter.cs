namespace PrivateDomain.Realtime.Grains.Persistence;

/// <summary>
/// Whole-state write coalescing for a reentrant grain (the pattern of the Chirper sample): callers change state and
/// await <see cref="WriteAsync"/>; one write is in flight at a time and every change made meanwhile rides on the
/// next one. The write delegate must hand storage a copy that later turns do not touch: storage providers may
/// serialize after their first await, when other turns of a reentrant grain are already running.
/// </summary>
internal sealed class CoalescedWriter(Func<Task> write)
{
    private static readonly bool[] Change = [true];

    private readonly GroupCommit<bool> _commit = new(_ => write());

    public Exception? Failure => _commit.Failure;

    public Task WriteAsync() => _commit.Append(Change);
}
