using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Alias("pd.PkParticipantKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<PkParticipantKind>))]
public enum PkParticipantKind
{
    [JsonStringEnumMemberName("guide")]
    Guide = 0,

    [JsonStringEnumMemberName("team")]
    Team = 1,
}
