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
}
