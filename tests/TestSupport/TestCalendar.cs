using System.Globalization;
using PrivateDomain.Realtime.Grains.Calendar;

namespace PrivateDomain.Realtime.TestSupport;

/// <summary>
/// The business time zone for systems that run on the real clock in tests and load tests: one where it is about
/// noon now. A guide's "today", the day's leaderboards and the stored daily figures all turn at the zone's midnight;
/// a run that crossed it (the default, Asia/Shanghai, turns at 16:00 UTC) would find a sale it just made on
/// yesterday's board. The turn of the day itself is tested on a fake clock.
/// </summary>
public static class TestCalendar
{
    /// <summary>Setting key of the business time zone.</summary>
    public const string TimeZoneKey = CalendarOptions.Section + ":" + nameof(CalendarOptions.TimeZone);

    /// <summary>The same setting as a process's environment variable.</summary>
    public const string TimeZoneVariable = CalendarOptions.Section + "__" + nameof(CalendarOptions.TimeZone);

    /// <summary>An <c>Etc/GMT±N</c> zone whose local time is within half an hour of noon when the process started.</summary>
    public static string NoonTimeZone { get; } = ZoneAtNoon(DateTimeOffset.UtcNow);

    public static string ZoneAtNoon(DateTimeOffset now)
    {
        var hoursAhead = (int)Math.Round(12 - now.UtcDateTime.TimeOfDay.TotalHours, MidpointRounding.AwayFromZero);

        // POSIX signs: Etc/GMT-8 is eight hours ahead of UTC.
        return hoursAhead == 0 ? "Etc/UTC" : "Etc/GMT" + (-hoursAhead).ToString("+0;-0", CultureInfo.InvariantCulture);
    }
}
