using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Alias("pd.GuideAlertKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<GuideAlertKind>))]
public enum GuideAlertKind
{
    [JsonStringEnumMemberName("browse-without-buy")]
    BrowseWithoutBuy = 0,

    [JsonStringEnumMemberName("order-paid")]
    OrderPaid = 1,

    [JsonStringEnumMemberName("target-reached")]
    TargetReached = 2,

    [JsonStringEnumMemberName("task")]
    Task = 3,
}
