using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Alias("pd.PkStatus")]
[JsonConverter(typeof(JsonNamedEnumConverter<PkStatus>))]
public enum PkStatus
{
    [JsonStringEnumMemberName("scheduled")]
    Scheduled = 0,

    [JsonStringEnumMemberName("running")]
    Running = 1,

    [JsonStringEnumMemberName("ended")]
    Ended = 2,
}
