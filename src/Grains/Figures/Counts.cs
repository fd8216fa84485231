using System.Numerics;

namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>Counts kept by key, of which only those above zero are kept.</summary>
internal static class Counts
{
    /// <summary>Adds <paramref name="delta"/> to the count of <paramref name="key"/>; a count back at zero leaves the dictionary.</summary>
    public static void AddToCount<TKey, T>(this Dictionary<TKey, T> counts, TKey key, T delta)
        where TKey : notnull
        where T : INumber<T>
    {
        var count = counts.GetValueOrDefault(key, T.Zero) + delta;
        if (T.IsZero(count))
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count;
        }
    }
}
