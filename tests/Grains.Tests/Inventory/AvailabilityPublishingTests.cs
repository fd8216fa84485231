using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Inventory;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

public sealed class AvailabilityPublishingTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly AvailabilityPublishing _publishing;

    public AvailabilityPublishingTests() =>
        _publishing = new AvailabilityPublishing(
            new InventoryOptions { AvailabilityReportInterval = TimeSpan.FromMilliseconds(250), AvailabilityRepublishInterval = TimeSpan.FromMinutes(1) },
            _clock);

    [Fact]
    public void ChangedFigures_GoAtMostEveryReportInterval_UnlessForced()
    {
        Assert.True(_publishing.ShouldPublish(100, force: false));
        Assert.False(_publishing.ShouldPublish(99, force: false));

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(_publishing.ShouldPublish(98, force: true));

        _clock.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(_publishing.ShouldPublish(97, force: false));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_publishing.ShouldPublish(97, force: false));
    }

    [Fact]
    public void AnUnchangedFigure_GoesAgainOnlyAtAForcedReport_OnceTheRepublishIntervalHasPassed()
    {
        Assert.True(_publishing.ShouldPublish(100, force: true));

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_publishing.ShouldPublish(100, force: true));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_publishing.ShouldPublish(100, force: false));
        Assert.True(_publishing.ShouldPublish(100, force: true));
        Assert.False(_publishing.ShouldPublish(100, force: true));
    }

    [Fact]
    public void AFigureThatFailedToPublish_GoesAgainAtTheNextForcedReport()
    {
        Assert.True(_publishing.ShouldPublish(100, force: true));
        _publishing.Failed();

        Assert.False(_publishing.ShouldPublish(100, force: false));
        Assert.True(_publishing.ShouldPublish(100, force: true));
    }

    [Fact]
    public void EachFigureLetThrough_HasAHigherVersion_AndTheFirstIsAboveAnEarlierActivationsLast()
    {
        var earlier = _publishing.Version;
        Assert.True(_publishing.ShouldPublish(100, force: true));
        var first = _publishing.Version;
        Assert.False(_publishing.ShouldPublish(99, force: false));
        Assert.Equal(first, _publishing.Version);
        Assert.True(_publishing.ShouldPublish(99, force: true));
        Assert.Equal(first + 1, _publishing.Version);

        // The next activation, a millisecond on: even a thousand figures a millisecond before it would not reach it.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var next = new AvailabilityPublishing(new InventoryOptions(), _clock);
        Assert.True(first > earlier);
        Assert.True(next.Version >= earlier + 1_000);
    }
}
