using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.GuideTaskStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<GuideTaskStatus>))]
public enum GuideTaskStatus
{
    [JsonStringEnumMemberName("open")]
    Open = 0,

    /// <summary>The target was reached in time and the coins paid.</summary>
    [JsonStringEnumMemberName("done")]
    Done = 1,

    /// <summary>Due before the target was reached: nothing more counts, nothing is paid.</summary>
    [JsonStringEnumMemberName("expired")]
    Expired = 2,
}
