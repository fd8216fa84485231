using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>How the customer gets the goods: shipped from the nearest store that has them, or picked up.</summary>
[GenerateSerializer, Alias("pd.FulfilmentMode")]
[JsonConverter(typeof(JsonNamedEnumConverter<FulfilmentMode>))]
public enum FulfilmentMode
{
    [JsonStringEnumMemberName("ship")]
    Ship = 0,

    [JsonStringEnumMemberName("pickup")]
    Pickup = 1,
}
