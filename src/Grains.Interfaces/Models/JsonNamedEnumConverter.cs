using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// An enum in JSON by its name only. <see cref="JsonStringEnumConverter{TEnum}"/> also reads numbers (<c>"mode": 1</c>,
/// <c>"mode": "1"</c>), so a client's slip would pick a value silently instead of being told (400 malformed-request).
/// </summary>
public sealed class JsonNamedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
