using Microsoft.Extensions.Logging;

namespace PrivateDomain.Realtime.Grains.Fanout;

/// <summary>
/// The Edges watching one grain's updates (a room, a PK, a board and scope), each with its observer and its count of
/// local watchers. Edges report on change and periodically; one that falls silent (died, or lost its watchers
/// without saying so) drops out. An update goes to each watching Edge once, as a one-way call.
/// </summary>
/// <param name="logger">Where a call that cannot even be sent is logged.</param>
/// <param name="subject">What is watched, for that log line (only built when it is written).</param>
internal sealed class EdgeWatchers<TEdge>(ILogger logger, Func<string> subject)
    where TEdge : IGrainObserver
{
    private readonly Dictionary<string, (TEdge Edge, int Watchers, DateTimeOffset SeenAt)> _edges = [];

    public bool Any => _edges.Count > 0;

    /// <summary>Watchers on all Edges together.</summary>
    public int Total { get; private set; }

    public void Report(string edgeId, TEdge edge, int watchers, DateTimeOffset now)
    {
        if (watchers > 0)
        {
            _edges[edgeId] = (edge, watchers, now);
        }
        else
        {
            _edges.Remove(edgeId);
        }

        Count();
    }

    /// <summary>Drops Edges not heard from since <paramref name="before"/>; true when any was dropped.</summary>
    public bool Forget(DateTimeOffset before)
    {
        // Runs on every tick: allocates only when an Edge actually went silent.
        List<string>? silent = null;
        foreach (var (edgeId, edge) in _edges)
        {
            if (edge.SeenAt < before)
            {
                (silent ??= []).Add(edgeId);
            }
        }

        if (silent is null)
        {
            return false;
        }

        foreach (var edgeId in silent)
        {
            _edges.Remove(edgeId);
        }

        Count();
        return true;
    }

    /// <summary>
    /// One one-way call per Edge; a call that cannot even be sent is logged, and the others still go. Answers how
    /// many were sent.
    /// </summary>
    public int Send(Func<TEdge, Task> send)
    {
        var sent = 0;
        foreach (var (edgeId, (edge, _, _)) in _edges)
        {
            try
            {
                send(edge).Ignore();
                sent++;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.EdgeUpdateFailed(logger, subject(), edgeId, ex);
            }
        }

        return sent;
    }

    private void Count() => Total = _edges.Values.Sum(e => e.Watchers);
}
