using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// Append-only storage for pool ledgers. An append is one write whatever the batch size, and its cost does not
/// depend on how much stock or how many open reservations the pool holds.
/// </summary>
public interface IStockLedger
{
    /// <summary>
    /// Appends consecutive lines right after the pool's last stored line (line 1 first); otherwise — a line already
    /// stored, or one missing before them — the whole append fails.
    /// </summary>
    Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default);
}
