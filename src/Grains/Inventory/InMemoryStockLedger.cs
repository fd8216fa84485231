using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// The ledger of the embedded, in-memory mode. Like a database server it lives outside any one silo: the lines are
/// kept per process and per cluster, so a pool that moves between silos of one process still finds its history.
/// </summary>
public sealed class InMemoryStockLedger(IOptions<ClusterOptions> cluster) : IStockLedger
{
    private static readonly ConcurrentDictionary<string, List<StockMovement>> Ledgers = new(StringComparer.Ordinal);

    private readonly string _prefix = $"{cluster.Value.ServiceId}/{cluster.Value.ClusterId}/";

    public Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default)
    {
        var lines = Ledgers.GetOrAdd(_prefix + poolId, _ => []);
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
        if (!Ledgers.TryGetValue(_prefix + poolId, out var lines))
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
