using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>
/// The best <c>n</c> of the scores offered, ranked as the boards are: highest first, equal scores in id order (ordinal),
/// sharing a rank (1, 2, 2, 4). Holds no more than <c>n</c> at a time, so the best 50 of ten thousand guides take one
/// pass and no sort of the rest.
/// </summary>
internal sealed class TopScores(int n)
{
    private readonly PriorityQueue<Scored, Scored> _worstFirst = new(WorseFirst.Instance);

    public void Offer(string id, string name, long score)
    {
        var scored = new Scored(id, name, score);
        if (_worstFirst.Count < n)
        {
            _worstFirst.Enqueue(scored, scored);
        }
        else if (WorseFirst.Instance.Compare(_worstFirst.Peek(), scored) < 0)
        {
            _worstFirst.EnqueueDequeue(scored, scored);
        }
    }

    /// <summary>The entries offered so far that made it, best first.</summary>
    public List<LeaderboardEntry> Ranked()
    {
        var best = _worstFirst.UnorderedItems.Select(item => item.Element).ToArray();
        Array.Sort(best, (x, y) => WorseFirst.Instance.Compare(y, x));

        var ranked = new List<LeaderboardEntry>(best.Length);
        foreach (var (id, name, score) in best)
        {
            var rank = ranked.Count > 0 && ranked[^1].Score == score ? ranked[^1].Rank : ranked.Count + 1;
            ranked.Add(new LeaderboardEntry(rank, id, name, score));
        }

        return ranked;
    }

    private readonly record struct Scored(string Id, string Name, long Score);

    /// <summary>The lower score first; of equal scores the later id, which ranks below.</summary>
    private sealed class WorseFirst : IComparer<Scored>
    {
        public static readonly WorseFirst Instance = new();

        public int Compare(Scored x, Scored y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : string.CompareOrdinal(y.Id, x.Id);
    }
}
