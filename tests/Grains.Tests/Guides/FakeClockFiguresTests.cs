using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockFiguresTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Guide_CountsSalesToTheirLocalDay_IgnoresDaysNoLongerKept_AndDropsThemFromItsLedger()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var owner = $"guide/{shop.DirectGuide}";
        var ledger = new InMemorySalesLedger(Options.Create(new ClusterOptions
        {
            ServiceId = fixture.Cluster.Options.ServiceId,
            ClusterId = fixture.Cluster.Options.ClusterId,
        }));

        // Noon in Shanghai (UTC+8), so every moment below falls on the UTC date's local day. Guides keep 8 days.
        var now = fixture.Clock.GetUtcNow();
        var noon = new DateTimeOffset(now.Year, now.Month, now.Day, 4, 0, 0, TimeSpan.Zero).AddDays(1);
        fixture.Clock.SetUtcNow(noon);
        await guide.RecordSale(shop.InStoreSale(5_000, noon.AddDays(-5)));
        await guide.RecordSale(shop.InStoreSale(7_000, noon.AddDays(-9)));
        await guide.RecordSale(shop.InStoreSale(10_000, noon));

        var stored = await ledger.ReadTotalsAsync(owner, DateOnly.MinValue, TestContext.Current.CancellationToken);
        Assert.Equal([(Day(noon.AddDays(-5)), 5_000L), (Day(noon), 10_000L)], Sales(stored));
        Assert.Equal((10_000, 1), ((await guide.GetView())!.Today.SalesAmount, (await guide.GetView())!.Today.Orders));

        // Four days on, the sale of five days ago is older than the kept days: the next sale's write drops it.
        fixture.Clock.SetUtcNow(noon.AddDays(4));
        Assert.Equal(0, (await guide.GetView())!.Today.Orders);
        await guide.RecordSale(shop.InStoreSale(3_000, noon.AddDays(4)));

        stored = await ledger.ReadTotalsAsync(owner, DateOnly.MinValue, TestContext.Current.CancellationToken);
        Assert.Equal([(Day(noon), 10_000L), (Day(noon.AddDays(4)), 3_000L)], Sales(stored));
        Assert.Equal(3_000, (await guide.GetView())!.Today.SalesAmount);
    }

    [Fact]
    public async Task AGuidesDays_AreTodayAndEachDayKeptBefore_TheLatestFirst_DaysWithoutSalesAsZeros()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var now = fixture.Clock.GetUtcNow();
        var noon = new DateTimeOffset(now.Year, now.Month, now.Day, 4, 0, 0, TimeSpan.Zero).AddDays(1);
        fixture.Clock.SetUtcNow(noon);
        await guide.RecordSale(shop.InStoreSale(1_000, noon));
        await guide.RecordSale(shop.InStoreSale(3_000, noon.AddDays(-3)));
        await guide.RecordSale(shop.InStoreSale(8_000, noon.AddDays(-8)));

        var days = (await guide.GetDays())!.Value;
        var unknown = await _grains.GetGrain<IGuideGrain>(Shop.NewId("g")).GetDays();

        // Guides keep today and the 8 days before.
        Assert.Equal(Enumerable.Range(0, 9).Select(back => Day(noon.AddDays(-back))), days.Select(d => d.Date));
        Assert.Equal([1_000L, 0, 0, 3_000, 0, 0, 0, 0, 8_000], days.Select(d => d.SalesAmount));
        Assert.Equal([1, 0, 0, 1, 0, 0, 0, 0, 1], days.Select(d => d.Orders));
        Assert.Null(unknown);
    }

    /// <summary>The stored days with sales (the shop's opening also counted a new customer).</summary>
    private static IEnumerable<(DateOnly, long)> Sales(IReadOnlyDictionary<DateOnly, DayTotals> days) =>
        days.Where(d => d.Value.Orders > 0).Select(d => (d.Key, d.Value.SalesAmount)).Order();

    private static DateOnly Day(DateTimeOffset noonUtc) => DateOnly.FromDateTime(noonUtc.UtcDateTime);
}
