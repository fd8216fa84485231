using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Stores;

/// <summary>
/// Stores' fulfilment queues, one row per line: a confirmed reservation adds its line, fulfilling its order marks it
/// done, so a write costs the same however many lines the store has waiting (the queue had been one grain state,
/// rewritten whole with every line). A line marked done stays known, so a repeated confirm cannot queue it again.
/// </summary>
public interface IFulfilmentQueueStore
{
    /// <summary>
    /// Applies the changes: adds each new line (one whose reservation the store never queued) and marks lines done.
    /// Returns the lines it added; a line already known, waiting or done, is left as it was and not returned.
    /// </summary>
    Task<IReadOnlyList<FulfilmentLine>> ApplyAsync(string storeId, IReadOnlyList<FulfilmentChange> changes, CancellationToken cancellationToken = default);

    /// <summary>One line of the store's, waiting (<see cref="FulfilmentChange.DoneAt"/> null) or done when first marked so; null if never queued.</summary>
    Task<FulfilmentChange?> FindAsync(string storeId, string sku, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>The store's lines still waiting.</summary>
    Task<IReadOnlyList<FulfilmentLine>> ReadWaitingAsync(string storeId, CancellationToken cancellationToken = default);
}
