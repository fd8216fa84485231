using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// Chooses the stores that fulfil a shipped reservation. Pure, so it can be tested without a cluster. Ties in distance
/// go to the lower store id, which makes every choice deterministic.
/// </summary>
internal static class StockAllocator
{
    public readonly record struct Candidate(string StoreId, long Free, double DistanceKm);

    /// <summary>
    /// The nearest store that holds the whole quantity; when none does, the fewest stores that together hold it,
    /// nearest first. Null when even all candidates together do not hold it. The candidates come in any order; a split
    /// sorts them by distance in place.
    /// </summary>
    public static ImmutableArray<Allocation>? Ship(int quantity, List<Candidate> candidates)
    {
        // Nearly every reservation fits in one store: found in one pass, without ranking the region (the ranking was a
        // tenth of a pool's busy turn under load).
        Candidate? nearest = null;
        foreach (var candidate in candidates)
        {
            if (candidate.Free >= quantity && (nearest is not { } best || ByDistance(candidate, best) < 0))
            {
                nearest = candidate;
            }
        }

        if (nearest is { } whole)
        {
            return [new Allocation(whole.StoreId, quantity, whole.DistanceKm)];
        }

        candidates.Sort(ByDistance);

        // The fewest stores: take the largest stocks first until the quantity is covered.
        var stores = 0;
        long covered = 0;
        foreach (var free in candidates.Select(c => c.Free).OrderDescending())
        {
            if (covered >= quantity)
            {
                break;
            }

            covered += free;
            stores++;
        }

        if (covered < quantity)
        {
            return null;
        }

        // Among the covers of that size, prefer nearer stores: walk outwards and take a store whenever the
        // remaining slots can still cover what is left.
        var allocations = ImmutableArray.CreateBuilder<Allocation>(stores);
        long needed = quantity;
        for (var i = 0; i < candidates.Count && needed > 0; i++)
        {
            var slotsAfter = stores - allocations.Count - 1;
            var candidate = candidates[i];
            var largestRest = candidates.Skip(i + 1).Select(c => c.Free).OrderDescending().Take(slotsAfter).Sum();
            if (candidate.Free + largestRest < needed)
            {
                continue;
            }

            var take = (int)Math.Min(candidate.Free, needed);
            allocations.Add(new Allocation(candidate.StoreId, take, candidate.DistanceKm));
            needed -= take;
        }

        return allocations.ToImmutable();
    }

    private static int ByDistance(Candidate a, Candidate b)
    {
        var distance = a.DistanceKm.CompareTo(b.DistanceKm);
        return distance != 0 ? distance : string.CompareOrdinal(a.StoreId, b.StoreId);
    }
}
