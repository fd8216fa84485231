using System.Text.Json.Serialization;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Live;

[GenerateSerializer, Alias("pd.HoldStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<HoldStatus>))]
public enum HoldStatus
{
    Held = 0,
    Sold = 1,
    Released = 2,
}
