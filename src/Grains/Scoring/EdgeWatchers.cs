using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>The Edges watching one thing (a PK, a board and scope), with their watcher counts; Edges that fall silent drop out.</summary>
internal sealed class EdgeWatchers
{
    private readonly Dictionary<string, (IScoreboardObserver Edge, int Watchers, DateTimeOffset SeenAt)> _edges = [];

    public bool Any => _edges.Values.Any(e => e.Watchers > 0);

    public void Report(string edgeId, IScoreboardObserver edge, int watchers, DateTimeOffset now)
    {
        if (watchers > 0)
        {
            _edges[edgeId] = (edge, watchers, now);
        }
        else
        {
            _edges.Remove(edgeId);
        }
    }

    public void Forget(DateTimeOffset before)
    {
        foreach (var edgeId in _edges.Where(e => e.Value.SeenAt < before).Select(e => e.Key).ToList())
        {
            _edges.Remove(edgeId);
        }
    }

    /// <summary>One one-way call per Edge.</summary>
    public void Send(Func<IScoreboardObserver, Task> send)
    {
        foreach (var (edge, _, _) in _edges.Values)
        {
            send(edge).Ignore();
        }
    }
}
