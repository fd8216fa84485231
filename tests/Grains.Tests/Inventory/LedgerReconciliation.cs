using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

internal static class LedgerReconciliation
{
    /// <summary>Reads the whole ledger, checks the sequence is gapless from 1, and folds it into per-store counts.</summary>
    public static async Task<(IReadOnlyList<StockMovement> Lines, Dictionary<string, (long OnHand, long Reserved)> Stores)> Fold(IInventoryPoolGrain pool)
    {
        var lines = new List<StockMovement>();
        long after = 0;
        while (true)
        {
            var page = await pool.GetLedger(after, 1000);
            lines.AddRange(page.Entries);
            after = page.Next;
            if (!page.HasMore)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => (long)i), lines.Select(l => l.Seq));
        var stores = new Dictionary<string, (long OnHand, long Reserved)>();
        foreach (var line in lines.Where(l => l.Kind != StockMovementKind.SafetyStock))
        {
            var (onHand, reserved) = stores.GetValueOrDefault(line.StoreId);
            stores[line.StoreId] = (onHand + line.OnHandDelta, reserved + line.ReservedDelta);
        }

        return (lines, stores);
    }

    /// <summary>Asserts the pool's counts are exactly what its ledger adds up to, and no store is below zero.</summary>
    public static async Task AssertReconciles(IInventoryPoolGrain pool)
    {
        var (_, folded) = await Fold(pool);
        var view = await pool.GetInventory();
        foreach (var store in view.Stores)
        {
            Assert.Equal((store.OnHand, store.Reserved), folded[store.StoreId]);
            Assert.True(store.OnHand - store.Reserved >= 0, $"store {store.StoreId} is below zero: {store.OnHand} on hand, {store.Reserved} reserved");
        }
    }
}
