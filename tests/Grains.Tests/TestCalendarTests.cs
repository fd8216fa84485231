using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>The test helper that keeps runs away from the business day's midnight.</summary>
public sealed class TestCalendarTests
{
    [Fact]
    public void At_any_minute_of_the_day_the_zone_exists_and_reads_within_half_an_hour_of_noon()
    {
        var midnight = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            var now = midnight.AddMinutes(minute);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(TestCalendar.ZoneAtNoon(now));
            var local = TimeZoneInfo.ConvertTime(now, zone).TimeOfDay;
            Assert.InRange(local, TimeSpan.FromHours(11.5), TimeSpan.FromHours(12.5));
        }
    }
}
