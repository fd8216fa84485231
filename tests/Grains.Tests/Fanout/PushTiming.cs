using System.Diagnostics;

namespace PrivateDomain.Realtime.Grains.Tests.Fanout;

/// <summary>What paced pushes must look like from the receiving end.</summary>
internal static class PushTiming
{
    /// <summary>
    /// Several pushes, at most one per <paramref name="interval"/> over the whole run, give or take one at either end;
    /// and no three within one interval, which two gaps each a little short of it (a timer firing early) would not make.
    /// </summary>
    public static void AssertAtMostOncePer(TimeSpan interval, IReadOnlyList<long> receivedAt)
    {
        Assert.True(receivedAt.Count >= 2, $"{receivedAt.Count} pushes");
        var span = Stopwatch.GetElapsedTime(receivedAt[0], receivedAt[^1]);
        Assert.True(receivedAt.Count <= span / interval + 2, $"{receivedAt.Count} pushes in {span.TotalMilliseconds:0} ms");
        Assert.All(receivedAt.Zip(receivedAt.Skip(2), (a, c) => Stopwatch.GetElapsedTime(a, c)),
            twoGaps => Assert.True(twoGaps > interval, $"three pushes within {twoGaps.TotalMilliseconds:0} ms"));
    }

    /// <summary>Each push numbered one after the one before it.</summary>
    public static void AssertNumberedOneByOne(IReadOnlyList<long> seqs) =>
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(n => seqs[0] + n), seqs);
}
