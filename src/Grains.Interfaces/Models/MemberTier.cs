using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Where a member stands by paid spend: the "head" customers, the "waist", and everyone else.</summary>
[GenerateSerializer, Alias("pd.MemberTier")]
[JsonConverter(typeof(JsonNamedEnumConverter<MemberTier>))]
public enum MemberTier
{
    [JsonStringEnumMemberName("ordinary")]
    Ordinary = 0,

    [JsonStringEnumMemberName("waist")]
    Waist = 1,

    [JsonStringEnumMemberName("head")]
    Head = 2,
}
