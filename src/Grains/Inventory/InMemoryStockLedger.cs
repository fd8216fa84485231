using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Persistence;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// The ledger of the embedded, in-memory mode. Like a database server it lives outside any one silo: the lines are
/// kept per process and per cluster, so a pool that moves between silos of one process still finds its history.
/// </summary>
public sealed class InMemoryStockLedger(IOptions<ClusterOptions> cluster) : IStockLedger
{
    private readonly InMemoryTable<List<StockMovement>> _ledgers = new("stock-ledger", cluster, () => []);

    public Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default)
    {
        var lines = _ledgers.Of(poolId);
        lock (lines)
        {
            var expected = lines.Count == 0 ? 1 : lines[^1].Seq + 1;
            if (movements.Count > 0 && movements[0].Seq != expected)
            {
                throw new InvalidOperationException($"Ledger {poolId} expected sequence {expected}, got {movements[0].Seq}.");
            }

            lines.AddRange(movements);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default)
    {
        if (_ledgers.Find(poolId) is not { } lines)
        {
            return Task.FromResult<IReadOnlyList<StockMovement>>([]);
        }

        lock (lines)
        {
            // Sequence numbers start at 1 and are gapless, so line n sits at index n - 1.
            var start = (int)Math.Clamp(afterSeq, 0, lines.Count);
            return Task.FromResult<IReadOnlyList<StockMovement>>(lines.GetRange(start, Math.Min(take, lines.Count - start)));
        }
    }
}
