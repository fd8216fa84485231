namespace PrivateDomain.Realtime.Grains.Figures;

/// <summary>
/// Append-only storage for the daily figures of guides, stores and live rooms: the entries counted, one row each, so
/// storing a sale costs the same however many the day already holds (a whole-state write carried every sale id).
/// Each entry is stored at most once, and the figures are the sums of what is stored: exactly-once holds in storage.
/// </summary>
public interface ISalesLedger
{
    /// <summary>
    /// Stores the entries under their owner and returns those it stored; one already stored (same owner, day and id),
    /// or repeated within the batch, is left as it was and not returned.
    /// </summary>
    Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The owner's figures per day from <paramref name="fromDay"/> on: the sums of the stored entries.</summary>
    Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner's entries of one day, by entry id (ordinal), those after <paramref name="after"/> only, at most
    /// <paramref name="take"/>: what a day's figures are made of, a page at a time.
    /// </summary>
    Task<IReadOnlyList<SalesEntry>> ReadEntriesAsync(string ownerId, DateOnly day, string? after, int take, CancellationToken cancellationToken = default);

    /// <summary>Drops the owner's entries of days before <paramref name="day"/>.</summary>
    Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default);
}
