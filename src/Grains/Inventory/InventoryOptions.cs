using System.ComponentModel.DataAnnotations;
using System.Globalization;
using PrivateDomain.Realtime.Grains.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Inventory;

/// <summary>Section <c>Inventory</c>.</summary>
public sealed class InventoryOptions : IValidatableObject
{
    public const string Section = "Inventory";

    /// <summary>How long a reservation holds stock when the caller does not say (15 minutes).</summary>
    [DurationRange("00:00:01", "1.00:00:00", ErrorMessage = "Inventory:DefaultReservationTtl must be between 1 second and 1 day.")]
    public TimeSpan DefaultReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    [DurationRange("00:00:01", "7.00:00:00", ErrorMessage = "Inventory:MaxReservationTtl must be between 1 second and 7 days.")]
    public TimeSpan MaxReservationTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The most units one member may hold at once in one pool, in their own reservations (the reservation routes) and
    /// their unpaid orders' together, so nobody can keep a region's stock of a SKU from everyone else by reserving it or
    /// ordering it again and again and never paying. By default what one reservation may ask (10,000); a brand whose
    /// regions hold less of a SKU sets it lower. A live room's flash sale holds its units itself, not counted here.
    /// </summary>
    [Range(1, ReservationRequest.MaxQuantity, ErrorMessage = "Inventory:MaxHeldPerMember must be between 1 and 10000.")]
    public int MaxHeldPerMember { get; set; } = ReservationRequest.MaxQuantity;

    /// <summary>How often a pool looks for lapsed reservations; also bounds how late the store-page figures can be.</summary>
    [DurationRange("00:00:00.050", "00:01:00", ErrorMessage = "Inventory:SweepInterval must be between 50 ms and 1 minute.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a closed reservation is remembered, so retries stay idempotent.</summary>
    [DurationRange("00:01:00", "30.00:00:00", ErrorMessage = "Inventory:IdempotencyRetention must be between 1 minute and 30 days.")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an applied adjustment's id is remembered. Longer than reservations': a till or a warehouse system that
    /// was offline sends its adjustments again when it is back, hours later, and each must count once. They are few
    /// (goods received, damage, in-store sales), so a week of them costs little.
    /// </summary>
    [DurationRange("00:01:00", "400.00:00:00", ErrorMessage = "Inventory:AdjustmentRetention must be between 1 minute and 400 days.")]
    public TimeSpan AdjustmentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A snapshot is written once at least this many ledger lines, and at least as many as there are open
    /// reservations, have accumulated since the last one: the snapshot's cost is spread over that many writes.
    /// </summary>
    [Range(10, 10_000_000, ErrorMessage = "Inventory:SnapshotMinLines must be between 10 and 10000000.")]
    public int SnapshotMinLines { get; set; } = 2000;

    /// <summary>How often at most a pool tells its region's store-page figures what it has available.</summary>
    [DurationRange("00:00:00", "00:01:00", ErrorMessage = "Inventory:AvailabilityReportInterval must be at most 1 minute.")]
    public TimeSpan AvailabilityReportInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often a pool publishes its available quantity again at a sweep when it has not changed: the store-page
    /// figures may lose one (with a silo, or a read model's unflushed memory), and a quiet SKU may not change for hours.
    /// </summary>
    [DurationRange("00:00:01", "1.00:00:00", ErrorMessage = "Inventory:AvailabilityRepublishInterval must be between 1 second and 1 day.")]
    public TimeSpan AvailabilityRepublishInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often at most a watched pool pushes its counts to those watching it (stock screens, members' open products): a
    /// flash sale moves them thousands of times a second, and a screen needs them to the half second.
    /// </summary>
    [DurationRange("00:00:00.100", "00:01:00", ErrorMessage = "Inventory:StockPushInterval must be between 100 ms and 1 minute.")]
    public TimeSpan StockPushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An Edge not heard from for this long no longer watches a pool.</summary>
    [DurationRange("00:00:05", "00:10:00", ErrorMessage = "Inventory:EdgeSilence must be between 5 s and 10 minutes.")]
    public TimeSpan EdgeSilence { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a pool trusts its copy of the region's store directory (positions, ship/pick-up).</summary>
    [DurationRange("00:00:00", "01:00:00", ErrorMessage = "Inventory:StoreDirectoryRefresh must be at most 1 hour.")]
    public TimeSpan StoreDirectoryRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long at most a pool's ledger write waits for the rest of a round of callers before it starts (see
    /// <c>GroupCommit</c>); zero starts each write as soon as one caller waits. At least a millisecond otherwise: the
    /// runtime's timers count whole milliseconds, so a shorter wait would silently be none (and a timer set for 1 ms
    /// may fire after several).
    /// </summary>
    [DurationRange("00:00:00", "00:00:00.100", ErrorMessage = "Inventory:LedgerGatherLimit must be at most 100 ms.")]
    public TimeSpan LedgerGatherLimit { get; set; } = TimeSpan.FromMilliseconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LedgerGatherLimit > TimeSpan.Zero && LedgerGatherLimit < TimeSpan.FromMilliseconds(1))
        {
            yield return new ValidationResult(
                $"Inventory:LedgerGatherLimit must be zero or at least 1 ms (was {LedgerGatherLimit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms).",
                [nameof(LedgerGatherLimit)]);
        }
    }
}
