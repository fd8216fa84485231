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
        }

        return due;
    }

    /// <summary>The last figure did not reach the stream: the next forced report publishes it again, changed or not.</summary>
    public void Failed() => _published = -1;
}
