using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Telemetry;

namespace PrivateDomain.Realtime.Grains.Tests.Telemetry;

/// <summary>A retried operation's failures are logged when they start, once per interval while they last, and when they end.</summary>
public sealed class FailureStreakTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FailuresEverySecond_AreLoggedAtTheStart_ThenOncePerInterval_AndTheirEndOnce_WithTheCount()
    {
        var streak = new FailureStreak(TimeSpan.FromMinutes(1), _clock);
        var logged = new List<(int Failures, TimeSpan Lasted)>();

        for (var second = 0; second < 150; second++)
        {
            if (streak.Failed())
            {
                logged.Add((streak.Failures, streak.Lasted));
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([(1, TimeSpan.Zero), (61, TimeSpan.FromSeconds(60)), (121, TimeSpan.FromSeconds(120))], logged);
        Assert.True(streak.Succeeded(out var failures, out var lasted));
        Assert.Equal((150, TimeSpan.FromSeconds(150)), (failures, lasted));

        // Over: a success says nothing more, and the next failure starts a new streak, logged at once.
        Assert.False(streak.Succeeded(out _, out _));
        Assert.True(streak.Failed());
        Assert.Equal(1, streak.Failures);
    }
}
