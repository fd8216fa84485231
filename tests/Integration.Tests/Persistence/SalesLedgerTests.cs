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
    public async Task Appends_KeepTheFirstOfEachEntry_ReadFromADay_AndForgetOlderDays()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var dataSource = database.DataSource;
        var ledger = Ledger(dataSource, "service-a");

        await ledger.AppendAsync(Guide, [Sale("o-1", Today, 100), Sale("o-2", Today, 50), Sale("o-0", Yesterday, 999)], Cancel);

        // A retried append (its answer was lost) and the same id on another day: the first is kept, the second counts.
        await ledger.AppendAsync(Guide, [Sale("o-2", Today, 70), Sale("o-3", Today, 30), Sale("o-1", Yesterday, 5)], Cancel);
        await ledger.AppendAsync("store/s-nanjing", [Sale("o-1", Today, 150)], Cancel);

        var entries = await ledger.ReadAsync(Guide, Yesterday, Cancel);
        Assert.Equal(
            [("o-0", Yesterday, 999L), ("o-1", Yesterday, 5L), ("o-1", Today, 100L), ("o-2", Today, 50L), ("o-3", Today, 30L)],
            entries.Select(e => (e.EntryId, e.Day, e.Amount)).OrderBy(e => e.Day).ThenBy(e => e.EntryId, StringComparer.Ordinal));
        Assert.Equal(Sale("o-1", Today, 100), entries.Single(e => e.EntryId == "o-1" && e.Day == Today));
        Assert.Equal(3, (await ledger.ReadAsync(Guide, Today, Cancel)).Count);
        Assert.Empty(await Ledger(dataSource, "service-b").ReadAsync(Guide, Yesterday, Cancel));

        await ledger.ForgetBeforeAsync(Guide, Today, Cancel);

        Assert.Equal(3, (await ledger.ReadAsync(Guide, DateOnly.MinValue, Cancel)).Count);
        Assert.Single(await ledger.ReadAsync("store/s-nanjing", DateOnly.MinValue, Cancel));
    }

    private static SalesEntry Sale(string id, DateOnly day, long amount) => new(id, day, amount, Orders: 1, NewMembers: 0, Commission: amount * 3 / 100);

    private static PostgresSalesLedger Ledger(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
