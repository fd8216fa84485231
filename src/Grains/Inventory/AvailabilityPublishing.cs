using PrivateDomain.Realtime.Grains.Fanout;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>
/// When a pool publishes its available quantity for the store pages. A changed figure goes at most every
/// <see cref="InventoryOptions.AvailabilityReportInterval"/>, or at once when forced (a sweep, a count set by hand): a
/// flash sale changes it thousands of times a second, and a page needs it to the quarter second, not an event per
/// reservation. A forced report also publishes an unchanged figure every
/// <see cref="InventoryOptions.AvailabilityRepublishInterval"/>: the read model may have lost it (with a silo, or with
/// memory it had not stored), and a quiet SKU may not change for hours.
/// </summary>
internal sealed class AvailabilityPublishing(InventoryOptions options, TimeProvider time)
{
    private long _published = -1;
    private long _publishedAt;

    /// <summary>
    /// The version of the figure last let through: one more for each, starting from the activation's clock. Not the
    /// ledger's sequence: memory runs ahead of the ledger, so a figure may be published with changes whose write then
    /// fails; the next activation, rebuilt from the shorter ledger, would number its figures as old ones and the read
    /// model would keep the lost figure until the ledger grew past it.
    /// </summary>
    public long Version { get; private set; } = UpdateNumbers.IdsAfterActivation(time, 0);

    /// <summary>True when <paramref name="available"/> is to be published now; it then counts as published.</summary>
    public bool ShouldPublish(long available, bool force)
    {
        var now = time.GetTimestamp();
        var sinceLast = _publishedAt == 0 ? TimeSpan.MaxValue : time.GetElapsedTime(_publishedAt, now);
        var due = available != _published
            ? force || sinceLast >= options.AvailabilityReportInterval
            : force && sinceLast >= options.AvailabilityRepublishInterval;
        if (due)
        {
            _published = available;
            _publishedAt = now;
            Version++;
        }

        return due;
    }

    /// <summary>The last figure did not reach the stream: the next forced report publishes it again, changed or not.</summary>
    public void Failed() => _published = -1;
}
