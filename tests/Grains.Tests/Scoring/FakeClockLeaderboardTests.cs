using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
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

    [Fact]
    public async Task AGuidesStoreMovedToAnotherRegion_RanksTheGuideThereFromItsSalesTwoMinutesLater()
    {
        var cancel = TestContext.Current.CancellationToken;
        var boards = _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        var shop = await Shop.Open(_grains);
        StayAwayFromMidnight();
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000, fixture.Clock.GetUtcNow()));
        Assert.Equal(10_000, (await boards.Rank("guide-sales", "region:" + shop.RegionId, shop.DirectGuide)).Score);

        // The guide stays where it is; its store is moved to another region (a busy guide never leaves memory).
        var suzhou = Shop.NewId("suzhou");
        await _grains.GetGrain<IRegionGrain>(suzhou).Define("Suzhou");
        var store = _grains.GetGrain<IStoreGrain>(shop.DirectStore);
        await store.Define((await store.GetProfile())! with { RegionId = suzhou });
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await guide.RecordSale(shop.InStoreSale(20_000, fixture.Clock.GetUtcNow()));

        Assert.Equal(30_000, (await boards.Rank("guide-sales", "region:" + suzhou, shop.DirectGuide)).Score);
        Assert.Null((await boards.Rank("guide-sales", "region:" + shop.RegionId, shop.DirectGuide)).Rank);
    }

    [Fact]
    public async Task RenamedTeamsAndRegions_ShowOnTheBoardsWithinTenMinutes()
    {
        var boards = _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        var shop = await Shop.Open(_grains);
        StayAwayFromMidnight();
        var teamId = "team-puxi" + shop.Member;
        await _grains.GetGrain<ITeamGrain>(teamId).Define("Puxi");
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await guide.RecordSale(shop.InStoreSale(10_000, fixture.Clock.GetUtcNow()));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var scopes = await boards.Scopes("guide-sales");
        Assert.Contains(new LeaderboardScope("team:" + teamId, "Puxi"), scopes);
        Assert.Contains(new LeaderboardScope("region:" + shop.RegionId, "Shanghai"), scopes);

        // The boards stay in memory all day; the new names show once the old ones have been kept ten minutes.
        await _grains.GetGrain<ITeamGrain>(teamId).Define("Puxi West");
        await _grains.GetGrain<IRegionGrain>(shop.RegionId).Define("Greater Shanghai");
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await guide.RecordSale(shop.InStoreSale(100, fixture.Clock.GetUtcNow()));

        scopes = await boards.Scopes("guide-sales");
        Assert.Contains(new LeaderboardScope("team:" + teamId, "Puxi West"), scopes);
        Assert.Contains(new LeaderboardScope("region:" + shop.RegionId, "Greater Shanghai"), scopes);
        Assert.Equal("Greater Shanghai", (await boards.Top("region-new-members", "all", Leaderboards.MaxTop)).Entries.Single(e => e.Id == shop.RegionId).Name);
    }

    /// <summary>Moves the clock past Shanghai's midnight when it is near: a test's sales must fall on one local day.</summary>
    private void StayAwayFromMidnight()
    {
        var local = fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).TimeOfDay;
        if (local > TimeSpan.FromHours(23.5))
        {
            fixture.Clock.Advance(TimeSpan.FromDays(1) - local + TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public async Task BoardScopes_AreAtMostASecondBehindTheSales_AndAnUnnamedTeamIsLookedUpAgainAfterAMinute()
    {
        var boards = _grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key);
        var first = await Shop.Open(_grains);
        var teamId = "team-puxi" + first.Member;
        await _grains.GetGrain<IGuideGrain>(first.DirectGuide).RecordSale(first.InStoreSale(10_000, fixture.Clock.GetUtcNow()));
        var scopes = await boards.Scopes("guide-sales");
        Assert.Contains(new LeaderboardScope("region:" + first.RegionId, "Shanghai"), scopes);
        Assert.Contains(new LeaderboardScope("team:" + teamId, teamId), scopes);

        // A sale in another region, and the team gets its name: within the second, the board answers as before.
        var second = await Shop.Open(_grains);
        await _grains.GetGrain<IGuideGrain>(second.DirectGuide).RecordSale(second.InStoreSale(10_000, fixture.Clock.GetUtcNow()));
        await _grains.GetGrain<ITeamGrain>(teamId).Define("Shanghai Puxi");
        Assert.Equal(scopes, await boards.Scopes("guide-sales"));

        // A second later the new region shows; the team, looked up a second ago, still by its id.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        scopes = await boards.Scopes("guide-sales");
        Assert.Contains(new LeaderboardScope("region:" + second.RegionId, "Shanghai"), scopes);
        Assert.Contains(new LeaderboardScope("team:" + teamId, teamId), scopes);

        // With no sale since, a minute on, its name.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(new LeaderboardScope("team:" + teamId, "Shanghai Puxi"), await boards.Scopes("guide-sales"));
    }
}
