using System.Collections.Immutable;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>
/// Splits a paid order's money, in whole fen, so the lines always sum to the total: the guide's commission off the
/// top, the rest apportioned to the fulfilling stores by the value of the goods each ships, and each store's part
/// split between its owner and the brand by the store's ownership. Rounding goes to the brand.
/// </summary>
internal static class Settlement
{
    public static ImmutableArray<SettlementLine> Split(
        long total, IReadOnlyDictionary<string, long> goodsValueByStore, IReadOnlyDictionary<string, StoreProfile> stores, string? guideId, SettlementOptions options)
    {
        var commission = guideId is null ? 0 : (long)Math.Floor(total * options.CommissionRate);
        var toStores = Apportion(total - commission, goodsValueByStore);

        long brand = 0;
        var lines = ImmutableArray.CreateBuilder<SettlementLine>();
        foreach (var (storeId, share) in toStores.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var store = stores[storeId];
            var brandShare = store.Ownership == StoreOwnership.Franchise ? options.FranchiseBrandShare : options.DirectBrandShare;
            var owner = (long)Math.Floor(share * (1 - brandShare));
            if (owner > 0 && store.OwnerAccountId != options.BrandAccountId)
            {
                lines.Add(new SettlementLine(store.OwnerAccountId, owner, SettlementKind.Franchise, storeId));
                brand += share - owner;
            }
            else
            {
                brand += share;
            }
        }

        if (brand > 0)
        {
            lines.Insert(0, new SettlementLine(options.BrandAccountId, brand, SettlementKind.Brand));
        }

        if (commission > 0)
        {
            lines.Add(new SettlementLine(options.GuideAccountId(guideId!), commission, SettlementKind.Commission));
        }

        return lines.ToImmutable();
    }

    /// <summary>
    /// Divides <paramref name="amount"/> in proportion to <paramref name="weights"/> by the largest-remainder method:
    /// whole fen, no fen lost or invented, ties to the lower key.
    /// </summary>
    public static Dictionary<string, long> Apportion(long amount, IReadOnlyDictionary<string, long> weights)
    {
        var totalWeight = weights.Values.Sum();
        if (totalWeight <= 0)
        {
            throw new ArgumentException("Weights must sum to a positive number.", nameof(weights));
        }

        // In 128-bit integers: the largest order's amount times its weight (both up to 5 × 10^14 fen) is beyond a
        // decimal, and the remainders are exact.
        var exact = weights.ToDictionary(w => w.Key, w => Int128.DivRem((Int128)amount * w.Value, totalWeight));
        var shares = exact.ToDictionary(e => e.Key, e => (long)e.Value.Quotient);
        var left = amount - shares.Values.Sum();
        foreach (var key in exact.OrderByDescending(e => e.Value.Remainder).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key).Take((int)left))
        {
            shares[key]++;
        }

        return shares;
    }
}
