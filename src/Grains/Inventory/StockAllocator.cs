using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// Chooses the stores that fulfil a shipped reservation. Pure, so it can be tested without a cluster.
/// Candidates arrive ordered by (distance, store id), which makes every choice deterministic.
/// </summary>
internal static class StockAllocator
{
    public sealed record Candidate(string StoreId, long Free, double DistanceKm);

    /// <summary>
    /// The nearest store that holds the whole quantity; when none does, the fewest stores that together hold it,
    /// nearest first. Null when even all candidates together do not hold it.
    /// </summary>
    public static ImmutableArray<Allocation>? Ship(int quantity, IReadOnlyList<Candidate> byDistance)
    {
        foreach (var candidate in byDistance)
        {
            if (candidate.Free >= quantity)
            {
                return [new Allocation(candidate.StoreId, quantity, candidate.DistanceKm)];
            }
        }

        // The fewest stores: take the largest stocks first until the quantity is covered.
        var stores = 0;
        long covered = 0;
        foreach (var free in byDistance.Select(c => c.Free).OrderDescending())
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
        for (var i = 0; i < byDistance.Count && needed > 0; i++)
        {
            var slotsAfter = stores - allocations.Count - 1;
            var candidate = byDistance[i];
            var largestRest = byDistance.Skip(i + 1).Select(c => c.Free).OrderDescending().Take(slotsAfter).Sum();
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
}
