using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockLeaderboardTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Boards_StartEachLocalDayEmpty_AndDropThePreviousDaysStoredFacts()
    {
        var shop = await Shop.Open(_grains);
        var boards = _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        var stored = new InMemoryScoreFactStore(Options.Create(new ClusterOptions
        {
            ServiceId = fixture.Cluster.Options.ServiceId,
            ClusterId = fixture.Cluster.Options.ClusterId,
        }));

        // 23:59 in Shanghai (UTC+8), then 00:01 of the next local day.
        var now = fixture.Clock.GetUtcNow();
        var lateEvening = new DateTimeOffset(now.Year, now.Month, now.Day, 15, 59, 0, TimeSpan.Zero).AddDays(1);
        var evening = DateOnly.FromDateTime(lateEvening.UtcDateTime);
        fixture.Clock.SetUtcNow(lateEvening);
        await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).RecordSale(shop.InStoreSale(10_000, lateEvening));
        Assert.Equal(10_000, (await boards.Rank("guide-sales", "all", shop.DirectGuide)).Score);
        Assert.Contains(await stored.LoadAsync(ILeaderboardGrain.Key, evening, TestContext.Current.CancellationToken), f => f.Id == shop.DirectGuide);

        fixture.Clock.SetUtcNow(lateEvening.AddMinutes(2));

        Assert.Null((await boards.Rank("guide-sales", "all", shop.DirectGuide)).Rank);
        Assert.Equal(evening.AddDays(1), (await boards.Top("guide-sales", "all", 10)).Day);
        await Eventually.True(async () => (await stored.LoadAsync(ILeaderboardGrain.Key, evening, TestContext.Current.CancellationToken)).Count == 0,
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
