using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.StockMovementKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<StockMovementKind>))]
public enum StockMovementKind
{
    /// <summary>A stock count: on hand set to a value.</summary>
    [JsonStringEnumMemberName("set")]
    Set = 1,

    /// <summary>Goods received, sold in store, damaged: on hand moves by a delta.</summary>
    [JsonStringEnumMemberName("adjust")]
    Adjust = 2,

    [JsonStringEnumMemberName("reserve")]
    Reserve = 3,

    [JsonStringEnumMemberName("release")]
    Release = 4,

    [JsonStringEnumMemberName("expire")]
    Expire = 5,

    /// <summary>A reservation kept for good: its units leave both on hand and reserved.</summary>
    [JsonStringEnumMemberName("confirm")]
    Confirm = 6,

    /// <summary>The pool's safety stock changed (store-less).</summary>
    [JsonStringEnumMemberName("safety-stock")]
    SafetyStock = 7,
}
