using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

public sealed class SalesLedgerTests
{
    private const string Guide = "guide/g-li";
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly DateOnly Yesterday = Today.AddDays(-1);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_StoreEachEntryOnce_AndSayWhichTheyStored_TotalsSumADay_AndOlderDaysAreForgotten()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");

        var first = await ledger.AppendAsync(Guide, [Sale("o-1", Today, 100), Sale("o-2", Today, 50), Sale("o-0", Yesterday, 999)], Cancel);

        // A retried append (its answer was lost), a repeat within the batch, and the same id on another day: only the
        // new rows are stored and returned.
        var second = await ledger.AppendAsync(Guide, [Sale("o-2", Today, 70), Sale("o-3", Today, 30), Sale("o-3", Today, 30), Sale("o-1", Yesterday, 5)], Cancel);
        await ledger.AppendAsync("store/s-nanjing", [Sale("o-1", Today, 150)], Cancel);

        Assert.Equal(3, first.Count);
        Assert.Equal([Sale("o-3", Today, 30), Sale("o-1", Yesterday, 5)], second.OrderByDescending(e => e.Day));
        var days = await ledger.ReadTotalsAsync(Guide, Yesterday, Cancel);
        Assert.Equal(new DayTotals(180, 3, 0, 3 + 1 + 0), days[Today]);
        Assert.Equal(new DayTotals(1_004, 2, 0, 29 + 0), days[Yesterday]);
        Assert.Equal([Today], (await ledger.ReadTotalsAsync(Guide, Today, Cancel)).Keys);
        Assert.Empty(await Ledger(database.DataSource, "service-b").ReadTotalsAsync(Guide, Yesterday, Cancel));

        await ledger.ForgetBeforeAsync(Guide, Today, Cancel);

        Assert.Equal([Today], (await ledger.ReadTotalsAsync(Guide, DateOnly.MinValue, Cancel)).Keys);
        Assert.Single(await ledger.ReadTotalsAsync("store/s-nanjing", DateOnly.MinValue, Cancel));
    }

    private static SalesEntry Sale(string id, DateOnly day, long amount) => new(id, day, amount, Orders: 1, NewMembers: 0, Commission: amount * 3 / 100);

    private static PostgresSalesLedger Ledger(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
