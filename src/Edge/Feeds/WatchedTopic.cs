using PrivateDomain.Realtime.Edge.Hubs;

namespace PrivateDomain.Realtime.Edge.Feeds;

/// <summary>
/// Something grains fan out to (a live room, a PK, a board and scope) as this Edge watches it: its local connections,
/// the last update passed on, and what the grain last heard of the count. Guarded by locking the instance.
/// </summary>
public abstract class WatchedTopic(string name)
{
    public string Name { get; } = name;

    /// <summary>Counts go out one at a time, so the grain receives them in the order they were counted.</summary>
    internal SemaphoreSlim Reporting { get; } = new(1, 1);

    /// <summary>The watcher count changed since the grain last heard it.</summary>
    internal bool Dirty { get; set; }

    /// <summary>What the grain last heard from this Edge (0 until the first report: the grain sends nothing here).</summary>
    internal int ReportedWatchers { get; set; }

    /// <summary>Dropped from the Edge's topics after reporting zero; a watch that finds it removed starts a new one.</summary>
    internal bool Removed { get; set; }

    public abstract int Watchers { get; }

    /// <summary>The last update passed on; grains number them, and one seen already is never passed on twice.</summary>
    internal long LastSeq { get; private set; } = long.MinValue;

    /// <summary>Whether an update numbered <paramref name="seq"/> comes after one or more this Edge never got (call under the lock).</summary>
    public bool Misses(long seq) => LastSeq != long.MinValue && seq > LastSeq + 1;

    /// <summary>Whether an update numbered <paramref name="seq"/> is new (call under the lock).</summary>
    public bool Advance(long seq)
    {
        if (seq <= LastSeq)
        {
            return false;
        }

        LastSeq = seq;
        return true;
    }

    public abstract void AddWatcher(FeedConnection connection);

    /// <summary>Whether the connection was watching.</summary>
    public abstract bool RemoveWatcher(string connectionId);
}
