using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.LiveRoomStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<LiveRoomStatus>))]
public enum LiveRoomStatus
{
    [JsonStringEnumMemberName("scheduled")]
    Scheduled = 0,

    [JsonStringEnumMemberName("live")]
    Live = 1,

    [JsonStringEnumMemberName("ended")]
    Ended = 2,
}
