namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// Append-only storage for guides' and stores' daily figures: the entries counted, one row each, so storing a sale
/// costs the same however many the day already holds (a whole-state write carried every sale id of the kept days).
/// The figures are the sums of the entries, and each entry is stored at most once: exactly-once holds in storage.
/// </summary>
public interface ISalesLedger
{
    /// <summary>Stores the entries under their owner; one already stored (same owner, day and id) is left as it was.</summary>
    Task AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Every entry of the owner from <paramref name="fromDay"/> on.</summary>
    Task<IReadOnlyList<SalesEntry>> ReadAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default);

    /// <summary>Drops the owner's entries of days before <paramref name="day"/>.</summary>
    Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default);
}
