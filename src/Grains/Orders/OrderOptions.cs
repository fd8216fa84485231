using System.ComponentModel.DataAnnotations;
using PrivateDomain.Realtime.Grains.Configuration;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>Section <c>Orders</c>.</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>How long an unpaid order holds its stock.</summary>
    [DurationRange("00:00:01", "1.00:00:00", ErrorMessage = "Orders:PaymentTtl must be between 1 second and 1 day.")]
    public TimeSpan PaymentTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Payments are refused this close to expiry, so a payment never races the order's own expiry (even across silos
    /// with slightly different clocks).
    /// </summary>
    [DurationRange("00:00:00", "00:01:00", ErrorMessage = "Orders:PaymentCutoff must be at most 1 minute.")]
    public TimeSpan PaymentCutoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How much longer than its order an order's reservations last. A payment recorded in the order's last seconds
    /// confirms its stock afterwards; if that first try fails (a pool or its database briefly unreachable), the retries
    /// every <see cref="EffectRetryInterval"/> find the units still reserved for this long. An order that ends unpaid
    /// releases them at once; only if that fails do they wait out this grace.
    /// </summary>
    [DurationRange("00:00:00", "01:00:00", ErrorMessage = "Orders:ConfirmGrace must be at most 1 hour.")]
    public TimeSpan ConfirmGrace { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How soon an order (or sale) retries effects that could not be delivered.</summary>
    [DurationRange("00:00:00.100", "00:10:00", ErrorMessage = "Orders:EffectRetryInterval must be between 100 ms and 10 minutes.")]
    public TimeSpan EffectRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
