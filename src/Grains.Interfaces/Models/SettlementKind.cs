using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.SettlementKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<SettlementKind>))]
public enum SettlementKind
{
    /// <summary>The brand: its share of franchise sales, all of direct-store sales, and rounding.</summary>
    [JsonStringEnumMemberName("brand")]
    Brand = 0,

    /// <summary>A franchise store's owner account.</summary>
    [JsonStringEnumMemberName("franchise")]
    Franchise = 1,

    /// <summary>The attributed guide's commission.</summary>
    [JsonStringEnumMemberName("commission")]
    Commission = 2,
}
