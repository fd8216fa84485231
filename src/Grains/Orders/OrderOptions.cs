using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Grains.Orders;

/// <summary>Section <c>Orders</c>.</summary>
public sealed class OrderOptions
{
    public const string Section = "Orders";

    /// <summary>How long an unpaid order holds its stock.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Orders:PaymentTtl must be between 1 second and 1 day.")]
    public TimeSpan PaymentTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Payments are refused this close to expiry, so the stock confirmations that follow a recorded payment never
    /// race the reservations lapsing (even across silos with slightly different clocks).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Orders:PaymentCutoff must be at most 1 minute.")]
    public TimeSpan PaymentCutoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How soon an order (or sale) retries effects that could not be delivered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Orders:EffectRetryInterval must be between 100 ms and 10 minutes.")]
    public TimeSpan EffectRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
