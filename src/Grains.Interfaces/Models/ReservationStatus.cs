using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.ReservationStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<ReservationStatus>))]
public enum ReservationStatus
{
    [JsonStringEnumMemberName("held")]
    Held = 0,

    [JsonStringEnumMemberName("confirmed")]
    Confirmed = 1,

    [JsonStringEnumMemberName("released")]
    Released = 2,

    [JsonStringEnumMemberName("expired")]
    Expired = 3,
}
