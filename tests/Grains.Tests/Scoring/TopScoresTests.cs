using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Scoring;

namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

public sealed class TopScoresTests
{
    [Fact]
    public void EqualScores_ShareARank_InIdOrder()
    {
        var top = new TopScores(10);
        foreach (var (id, score) in new[] { ("c", 5L), ("a", 9L), ("d", 5L), ("b", 5L), ("e", 1L) })
        {
            top.Offer(id, id.ToUpperInvariant(), score);
        }

        Assert.Equal(
            [new(1, "a", "A", 9), new(2, "b", "B", 5), new(2, "c", "C", 5), new(2, "d", "D", 5), new(5, "e", "E", 1)],
            top.Ranked());
        Assert.Equal(5, top.Ranked().Count);
    }

    [Fact]
    public void KeepingTheBestFew_CutsATieWhereIdsOrderIt()
    {
        var top = new TopScores(2);
        top.Offer("z", "Z", 5);
        top.Offer("y", "Y", 5);
        top.Offer("x", "X", 5);
        top.Offer("low", "Low", 1);

        Assert.Equal([new(1, "x", "X", 5), new(1, "y", "Y", 5)], top.Ranked());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(50, 2)]
    [InlineData(50, 3)]
    [InlineData(500, 4)]
    [InlineData(int.MaxValue, 5)]
    public void RanksAsSortingEveryScore_Would(int n, int seed)
    {
        // Scores from a narrow range, so ties are many and cross the cut.
        var random = new Random(seed);
        var offered = Enumerable.Range(0, 3_000).Select(i => (Id: $"guide-{random.Next(100_000):00000}-{i}", Score: (long)random.Next(1, 200))).ToList();
        var top = new TopScores(n);
        foreach (var (id, score) in offered)
        {
            top.Offer(id, "name " + id, score);
        }

        var sorted = offered.OrderByDescending(o => o.Score).ThenBy(o => o.Id, StringComparer.Ordinal).Take(n).ToList();
        var expected = new List<LeaderboardEntry>();
        foreach (var (id, score) in sorted)
        {
            var rank = sorted.FindIndex(o => o.Score == score) + 1;
            expected.Add(new LeaderboardEntry(rank, id, "name " + id, score));
        }

        Assert.Equal(expected, top.Ranked());
    }
}
