using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Figures;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>What an activation of a guide or store finds in its ledger: the kept days' sums, and old rows to drop.</summary>
public sealed class DailyFiguresTests
{
    // Noon in Shanghai; guides keep 8 days.
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly CountingLedger _ledger = new(new InMemorySalesLedger(Options.Create(new ClusterOptions
    {
        ServiceId = "figures-tests",
        ClusterId = Guid.NewGuid().ToString("N"),
    })));

    [Fact]
    public async Task Activation_ReadsTheKeptDays_AndDropsOlderRowsWithItsFirstWrite()
    {
        await _ledger.AppendAsync("guide/g-li", [Sale("old", Today.AddDays(-20), 999), Sale("kept", Today.AddDays(-3), 50), Sale("today", Today, 100)], Cancel);
        var figures = Figures("guide/g-li");

        Assert.Equal(new DayTotals(100, 1, 0, 3), await figures.GetAsync(Today));
        Assert.Equal(50, (await figures.GetAsync(Today.AddDays(-3))).SalesAmount);
        Assert.Equal(default, await figures.GetAsync(Today.AddDays(-20)));

        await figures.CountAsync(Sale("next", Today, 10));

        Assert.Equal(1, _ledger.Forgets);
        Assert.Equal([Today.AddDays(-3), Today], (await _ledger.ReadTotalsAsync("guide/g-li", DateOnly.MinValue, Cancel)).Keys.Order());
        Assert.Equal(110, (await figures.GetAsync(Today)).SalesAmount);
    }

    [Fact]
    public async Task Activation_WithNothingOld_DeletesNothing_AndARepeatCountsNothing()
    {
        await _ledger.AppendAsync("store/s-1", [Sale("a", Today, 100)], Cancel);
        var figures = Figures("store/s-1");

        await figures.CountAsync(Sale("a", Today, 100));
        await figures.CountAsync(Sale("b", Today, 20));
        await figures.CountAsync(Sale("too-old", Today.AddDays(-9), 7));

        Assert.Equal(0, _ledger.Forgets);
        Assert.Equal(new DayTotals(120, 2, 0, 3), await figures.GetAsync(Today));
        Assert.Equal([Today], (await _ledger.ReadTotalsAsync("store/s-1", DateOnly.MinValue, Cancel)).Keys);
    }

    private DailyFigures Figures(string ownerId) =>
        new(_ledger, ownerId, new LocalCalendar(Options.Create(new CalendarOptions()), new FakeTimeProvider(Now)), historyDays: 8, failed: static () => { });

    private static SalesEntry Sale(string id, DateOnly day, long amount) => new(id, day, amount, Orders: 1, NewMembers: 0, Commission: amount * 3 / 100);

    /// <summary>The in-memory ledger, counting the deletes asked of it.</summary>
    private sealed class CountingLedger(ISalesLedger inner) : ISalesLedger
    {
        public int Forgets { get; private set; }

        public Task<IReadOnlyList<SalesEntry>> AppendAsync(string ownerId, IReadOnlyList<SalesEntry> entries, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(ownerId, entries, cancellationToken);

        public Task<IReadOnlyDictionary<DateOnly, DayTotals>> ReadTotalsAsync(string ownerId, DateOnly fromDay, CancellationToken cancellationToken = default) =>
            inner.ReadTotalsAsync(ownerId, fromDay, cancellationToken);

    public Task<IReadOnlyList<SalesEntry>> ReadEntriesAsync(string ownerId, DateOnly day, string? after, int take, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesAsync(ownerId, day, after, take, cancellationToken);

        public Task ForgetBeforeAsync(string ownerId, DateOnly day, CancellationToken cancellationToken = default)
        {
            Forgets++;
            return inner.ForgetBeforeAsync(ownerId, day, cancellationToken);
        }
    }
}
