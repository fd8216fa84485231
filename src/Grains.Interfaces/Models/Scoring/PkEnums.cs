using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Alias("pd.PkMetric")]
[JsonConverter(typeof(JsonNamedEnumConverter<PkMetric>))]
public enum PkMetric
{
    /// <summary>Paid amount, in fen.</summary>
    [JsonStringEnumMemberName("sales")]
    Sales = 0,

    [JsonStringEnumMemberName("orders")]
    Orders = 1,

    [JsonStringEnumMemberName("newMembers")]
    NewMembers = 2,
}

[GenerateSerializer, Alias("pd.PkParticipantKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<PkParticipantKind>))]
public enum PkParticipantKind
{
    [JsonStringEnumMemberName("guide")]
    Guide = 0,

    [JsonStringEnumMemberName("team")]
    Team = 1,
}

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
