using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>An order's lifecycle: Reserved → Paid → Fulfilled, or Cancelled / Expired before payment.</summary>
[GenerateSerializer, Alias("pd.OrderStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Reserved = 0,
    Paid = 1,
    Fulfilled = 2,
    Cancelled = 3,
    Expired = 4,
}
