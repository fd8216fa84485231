using System.Runtime.CompilerServices;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// A rule's message, formatted only when the rule fails (as <c>Debug.Assert</c>'s is): every request checks a dozen
/// rules, and formatting each message — numbers included — on the way, to throw nearly all away, showed in profiles.
/// </summary>
[InterpolatedStringHandler]
public ref struct ValidationMessageHandler
{
    private DefaultInterpolatedStringHandler _message;

    public ValidationMessageHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        _message = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _message.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _message.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _message.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _message.AppendFormatted(value);

    /// <summary>The message; call once, and only when the rule failed.</summary>
    public string ToStringAndClear() => _message.ToStringAndClear();
}
