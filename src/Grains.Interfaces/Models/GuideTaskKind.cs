using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>What a task from headquarters asks of a guide, and so what counts toward it.</summary>
[GenerateSerializer, Alias("pd.GuideTaskKind")]
[JsonConverter(typeof(JsonNamedEnumConverter<GuideTaskKind>))]
public enum GuideTaskKind
{
    /// <summary>Members who bind the guide as exclusive guide while the task is open (counted by the guide itself).</summary>
    [JsonStringEnumMemberName("add-customers")]
    AddCustomers = 0,

    /// <summary>Material forwarded to customers, as the guide app reports each forward.</summary>
    [JsonStringEnumMemberName("forward-material")]
    ForwardMaterial = 1,

    /// <summary>Live rooms the guide hosts that start while the task is open (counted by the room).</summary>
    [JsonStringEnumMemberName("go-live")]
    GoLive = 2,
}
