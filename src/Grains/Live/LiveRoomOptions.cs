using System.ComponentModel.DataAnnotations;
using PrivateDomain.Realtime.Grains.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>Section <c>LiveRooms</c>.</summary>
public sealed class LiveRoomOptions
{
    public const string Section = "LiveRooms";

    /// <summary>The least time between two of a room's batches of changes (sent only when something changed).</summary>
    [DurationRange("00:00:00.010", "00:00:05", ErrorMessage = "LiveRooms:TickInterval must be between 10 ms and 5 s.")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How much longer than its order a hold on a sale's units lasts: <c>Orders:ConfirmGrace</c>, copied from it at start
    /// (not a setting of its own). A payment made in the order's last seconds confirms its units after the order's
    /// time; if the room cannot be reached at once (its silo restarting), the confirmation is retried, and it must
    /// still find the units held — the same grace an order's pool reservations get. An unpaid order records its own
    /// expiry and gives the units back at its time; the room's lapse is the backstop.
    /// </summary>
    public TimeSpan HoldGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Slack for clocks that differ between silos (the room's, the pool's, the order's).</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(1);

    /// <summary>How long an order bought in a room holds its units unpaid.</summary>
    [DurationRange("00:00:05", "01:00:00", ErrorMessage = "LiveRooms:BuyTtl must be between 5 seconds and 1 hour.")]
    public TimeSpan BuyTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the room holds a buyer's units: the order's time to pay, and <see cref="HoldGrace"/>.</summary>
    public TimeSpan HoldLifetime => BuyTtl + HoldGrace;

    /// <summary>
    /// How long before its pool reservation lapses a flash sale stops selling by itself. The sale's units are one
    /// reservation in the region's pool (taken for <c>Inventory:MaxReservationTtl</c>); every hold taken before the
    /// close must resolve while that reservation still holds its units, or a unit paid for then would be one the pool
    /// had already given back to the region — sold twice.
    /// </summary>
    public TimeSpan SaleCloseLead => HoldLifetime + ClockSlack;

    /// <summary>
    /// The most units one buyer may take of one flash sale, held and bought together (units of an order that lapsed or
    /// was cancelled no longer count), so one buyer, or a script, cannot empty a sale meant for the room. Unset: no
    /// limit but the sale's own quantity.
    /// </summary>
    [Range(1, ReservationRequest.MaxQuantity, ErrorMessage = "LiveRooms:MaxUnitsPerBuyer must be between 1 and 10000.")]
    public int? MaxUnitsPerBuyer { get; set; }

    [Range(1, 2000, ErrorMessage = "LiveRooms:CommentMaxLength must be between 1 and 2000.")]
    public int CommentMaxLength { get; set; } = 200;

    /// <summary>Each viewer's comment rate (a token bucket): this many per second, bursts of <see cref="CommentBurst"/>.</summary>
    [Range(0.01, 100, ErrorMessage = "LiveRooms:CommentsPerSecond must be between 0.01 and 100.")]
    public double CommentsPerSecond { get; set; } = 1;

    [Range(1, 100, ErrorMessage = "LiveRooms:CommentBurst must be between 1 and 100.")]
    public int CommentBurst { get; set; } = 3;

    /// <summary>Words a comment may not contain (case-insensitive).</summary>
    public List<string> BannedWords { get; set; } = [];

    [Range(1, 500, ErrorMessage = "LiveRooms:RecentComments must be between 1 and 500.")]
    public int RecentComments { get; set; } = 50;

    /// <summary>An Edge that has not reported its viewers for this long no longer counts (it died or lost its viewers).</summary>
    [DurationRange("00:00:05", "00:10:00", ErrorMessage = "LiveRooms:EdgeSilence must be between 5 seconds and 10 minutes.")]
    public TimeSpan EdgeSilence { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often chat, likes and viewer figures (not sales, which are written at once) reach storage.</summary>
    [DurationRange("00:00:00.100", "00:01:00", ErrorMessage = "LiveRooms:StateFlushInterval must be between 100 ms and 1 minute.")]
    public TimeSpan StateFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a coupon dropped in a room can be used: a viewer claims it in the room and buys later.</summary>
    [DurationRange("00:01:00", "30.00:00:00", ErrorMessage = "LiveRooms:DroppedCouponValidity must be between 1 minute and 30 days.")]
    public TimeSpan DroppedCouponValidity { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Coupon drops one room may make: each is listed in every batch and snapshot.</summary>
    [Range(1, 100, ErrorMessage = "LiveRooms:MaxCouponDrops must be between 1 and 100.")]
    public int MaxCouponDrops { get; set; } = 20;

    [DurationRange("00:00:01", "00:01:00", ErrorMessage = "LiveRooms:DirectoryReportInterval must be between 1 second and 1 minute.")]
    public TimeSpan DirectoryReportInterval { get; set; } = TimeSpan.FromSeconds(5);
}
