using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using PrivateDomain.Realtime.Grains.Effects;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>In an outage every order's effects fail alike, retried every few seconds: the silo says so once per interval, with a count.</summary>
public sealed class DeferredEffectsLogTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<DeferredEffectsLog> _logger = new();

    [Fact]
    public void ManyDeferrals_WithinAnInterval_MakeOneWarning_AndTheNextOneCountsTheRest()
    {
        var log = new DeferredEffectsLog(_logger, _clock);
        var outage = new TimeoutException("silo unreachable");

        for (var i = 0; i < 500; i++)
        {
            log.Deferred($"order/o-{i}", "CreditGuide", outage);
        }

        var first = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Same(outage, first.Exception);
        Assert.Contains("order/o-0: CreditGuide could not be delivered yet", first.Message, StringComparison.Ordinal);

        _clock.Advance(DeferredEffectsLog.Interval - TimeSpan.FromMilliseconds(1));
        log.Deferred("order/o-500", "CreditStore", outage);
        Assert.Single(_logger.Collector.GetSnapshot());

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        log.Deferred("order/o-501", "CreditMember", outage);
        Assert.Equal(2, _logger.Collector.Count);
        Assert.Contains("CreditMember could not be delivered yet; will retry (and 500 more", _logger.LatestRecord.Message, StringComparison.Ordinal);
    }
}
