using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PrivateDomain.Realtime.Grains.Configuration;

/// <summary>
/// The bounds of a <see cref="TimeSpan"/> setting, both inclusive: what <c>[Range(typeof(TimeSpan), min, max)]</c>
/// says, with the bounds parsed once, here. <see cref="RangeAttribute"/> converts its bounds from text on first use
/// without a lock, and validation attributes are cached once per process: two hosts in one process (tests, the load
/// tests) validating the same options at once can catch it half-converted, and the start then fails with an
/// <see cref="InvalidCastException"/> instead of the setting's own message (dotnet/runtime#1143).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <summary>A missing value passes, as with <see cref="RangeAttribute"/>: whether one is needed is <see cref="RequiredAttribute"/>'s to say.</summary>
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        TimeSpan duration => duration >= Minimum && duration <= Maximum,
        _ => throw new InvalidOperationException($"{nameof(DurationRangeAttribute)} is for TimeSpan settings, not {value.GetType().Name}."),
    };
}
