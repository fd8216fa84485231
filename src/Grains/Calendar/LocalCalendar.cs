using Microsoft.Extensions.Options;

namespace PrivateDomain.Realtime.Grains.Calendar;

/// <summary>The brand's business day ("today" for guides and leaderboards), in its time zone.</summary>
public sealed class LocalCalendar(IOptions<CalendarOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, _zone).DateTime);

    public DateOnly Today() => DayOf(time.GetUtcNow());
}
