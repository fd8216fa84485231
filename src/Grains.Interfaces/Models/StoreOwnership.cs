using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>Who runs the store, which decides where an order's money goes.</summary>
[GenerateSerializer, Alias("pd.StoreOwnership")]
[JsonConverter(typeof(JsonNamedEnumConverter<StoreOwnership>))]
public enum StoreOwnership
{
    [JsonStringEnumMemberName("direct")]
    Direct = 0,

    [JsonStringEnumMemberName("franchise")]
    Franchise = 1,
}
