using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.FlashSaleStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<FlashSaleStatus>))]
public enum FlashSaleStatus
{
    [JsonStringEnumMemberName("active")]
    Active = 0,

    [JsonStringEnumMemberName("ended")]
    Ended = 1,
}
