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
