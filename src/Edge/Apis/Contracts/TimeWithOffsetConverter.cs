using System.Text.Json;
using System.Text.Json.Serialization;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

/// <summary>
/// Times in request bodies must say which instant they are: <c>Z</c> or an offset such as <c>+08:00</c>. Without one,
/// System.Text.Json reads the time in the server's own zone, so the same body would mean another instant on a server
/// set to Shanghai than on one set to UTC — a PK's window silently moved by eight hours.
/// </summary>
public sealed class TimeWithOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? "";
        if (!HasOffset(text))
        {
            throw new JsonException("A time needs its offset ('Z' or '+08:00').");
        }

        return reader.GetDateTimeOffset();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // "…Z", or "…+hh:mm" / "…-hh:mm" after the time (a date's own '-' sits before the 'T').
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z')
        || (text.IndexOf('T', StringComparison.OrdinalIgnoreCase) is var t && t >= 0 && text.AsSpan(t).IndexOfAny('+', '-') >= 0);
}
