using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Grains.Calendar;

/// <summary>Section <c>Calendar</c>.</summary>
public sealed class CalendarOptions : IValidatableObject
{
    public const string Section = "Calendar";

    /// <summary>IANA time zone of the business day; guides' "today" resets at its midnight.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Calendar:TimeZone '{TimeZone}' is not a time zone this machine knows.", [nameof(TimeZone)]);
        }
    }
}
