using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.SaleChannel")]
[JsonConverter(typeof(JsonNamedEnumConverter<SaleChannel>))]
public enum SaleChannel
{
    [JsonStringEnumMemberName("online")]
    Online = 0,

    [JsonStringEnumMemberName("in-store")]
    InStore = 1,

    [JsonStringEnumMemberName("live")]
    Live = 2,
}
