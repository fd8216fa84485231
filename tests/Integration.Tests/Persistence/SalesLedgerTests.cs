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

    [Fact]
    public async Task Appends_OfManyOwnersAtOnce_EachHearOfTheirOwnEntriesOnly()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var owners = Enumerable.Range(1, 300).Select(i => $"guide/g-{i:D3}").ToList();

        // The same order ids under every owner: what one owner stores is no repeat for another.
        var first = await Task.WhenAll(owners.Select(owner => ledger.AppendAsync(owner, [Sale("o-1", Today, 100), Sale("o-2", Today, 50)], Cancel)));
        var second = await Task.WhenAll(owners.Select((owner, i) =>
            ledger.AppendAsync(owner, [Sale("o-2", Today, 50), Sale($"o-{owner}", Today, i)], Cancel)));

        Assert.All(first, stored => Assert.Equal([Sale("o-1", Today, 100), Sale("o-2", Today, 50)], stored.OrderBy(e => e.EntryId)));
        Assert.All(owners.Zip(second), pair => Assert.Equal([Sale($"o-{pair.First}", Today, owners.IndexOf(pair.First))], pair.Second));
        foreach (var (owner, i) in owners.Select((owner, i) => (owner, i)))
        {
            var today = (await ledger.ReadTotalsAsync(owner, Today, Cancel))[Today];
            Assert.Equal(150 + i, today.SalesAmount);
            Assert.Equal(3, today.Orders);
        }
    }

    [Fact]
    public async Task A_DaysEntries_ReadInOrdinalOrder_APageAtATime_OnlyThatOwnersAndDays()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        // Upper case before lower, "o-10" before "o-2": byte order, whatever the database's collation.
        await ledger.AppendAsync(Guide, [Sale("o-2", Today, 2), Sale("o-10", Today, 10), Sale("O-9", Today, 9), Sale("o-1", Today, 1), Sale("o-3", Yesterday, 3)], Cancel);
        await ledger.AppendAsync("store/s-nanjing", [Sale("o-0", Today, 100)], Cancel);

        var first = await ledger.ReadEntriesAsync(Guide, Today, after: null, take: 3, Cancel);
        var rest = await ledger.ReadEntriesAsync(Guide, Today, after: first[^1].EntryId, take: 3, Cancel);

        Assert.Equal([Sale("O-9", Today, 9), Sale("o-1", Today, 1), Sale("o-10", Today, 10)], first);
        Assert.Equal([Sale("o-2", Today, 2)], rest);
        Assert.Equal(["o-3"], (await ledger.ReadEntriesAsync(Guide, Yesterday, null, 10, Cancel)).Select(e => e.EntryId));
        Assert.Empty(await Ledger(database.DataSource, "service-b").ReadEntriesAsync(Guide, Today, null, 10, Cancel));
    }

    [Fact]
    public async Task Appends_OfOneOwnerAtOnce_StoreAndReturnEachEntryOnce()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var entries = Enumerable.Range(1, 10).Select(i => Sale($"o-{i}", Today, i)).ToList();

        // Retries of the same append racing each other (each owner's own appends come one at a time, but a ledger
        // must not depend on it): between them every entry is returned exactly once.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ledger.AppendAsync(Guide, entries, Cancel)));

        Assert.Equal(entries, answers.SelectMany(stored => stored).OrderBy(e => e.Amount));
        Assert.Equal(new DayTotals(55, 10, 0, 0), (await ledger.ReadTotalsAsync(Guide, Today, Cancel))[Today]);
    }

    [Fact]
    public async Task A_FailedAppend_StoresNothing_OthersAtTheSameTimeAreStoredWhole_OrNotAtAll_AndLaterAppendsWork()
    {
        await using var database = await SchemaDatabase.CreateAsync(Cancel);
        var ledger = Ledger(database.DataSource, "service-a");
        var owners = Enumerable.Range(1, 50).Select(i => $"guide/g-{i:D2}").ToList();

        // PostgreSQL refuses a NUL in text, which fails the whole statement the append is in; appends of other owners
        // that shared it fail with it, atomically.
        var poisoned = ledger.AppendAsync(Guide, [Sale("o-1", Today, 1), Sale("o-\0", Today, 2)], Cancel);
        var others = owners.Select(owner => ledger.AppendAsync(owner, [Sale("o-1", Today, 10), Sale("o-2", Today, 20)], Cancel)).ToList();

        await Assert.ThrowsAsync<PostgresException>(() => poisoned);
        Assert.Empty(await ledger.ReadTotalsAsync(Guide, Today, Cancel));
        foreach (var (owner, append) in owners.Zip(others))
        {
            try
            {
                await append;
            }
            catch (PostgresException)
            {
                // It shared the poisoned statement.
            }

            var stored = await ledger.ReadTotalsAsync(owner, Today, Cancel);
            Assert.Equal(append.IsCompletedSuccessfully ? 30 : 0, stored.GetValueOrDefault(Today).SalesAmount);
        }

        Assert.Equal([Sale("o-1", Today, 1)], await ledger.AppendAsync(Guide, [Sale("o-1", Today, 1)], Cancel));
    }

    private static SalesEntry Sale(string id, DateOnly day, long amount) => new(id, day, amount, Orders: 1, NewMembers: 0, Commission: amount * 3 / 100);

    private static PostgresSalesLedger Ledger(NpgsqlDataSource dataSource, string serviceId) =>
        new(dataSource, Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "test" }));
}
