using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// Append-only storage for pool ledgers. An append is one write whatever the batch size, and its cost does not
/// depend on how much stock or how many open reservations the pool holds.
/// </summary>
public interface IStockLedger
{
    /// <summary>Appends consecutive lines; a sequence number that already exists fails the whole append.</summary>
    Task AppendAsync(string poolId, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StockMovement>> ReadAsync(string poolId, long afterSeq, int take, CancellationToken cancellationToken = default);
}
