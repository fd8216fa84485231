using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>A franchisee's statement: its part of every paid order its stores fulfilled, each order once.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AccountStatementTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    // The local day (Asia/Shanghai) is the UTC day or the next: a statement over both holds today whenever the test runs.
    private static DateOnly UtcToday => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task OrdersPaidAtOncePaidAgain_CountInTheDealersStatementOnce_AndOnlyTheirFranchisePart()
    {
        var shop = await Shop.Open(_grains, stockPerStore: 20);
        var atFranchise = Enumerable.Range(0, 10).Select(_ => shop.Placing(shop.FranchiseStore, (shop.Cream, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.FranchiseStore });
        var atDirect = Enumerable.Range(0, 2).Select(_ => shop.Placing((shop.Serum, 1)) with { Mode = FulfilmentMode.Pickup, PickupStoreId = shop.DirectStore });

        // Each order paid three times at once (a client's retries): one payment, one credit.
        var paid = await Task.WhenAll(atFranchise.Concat(atDirect).Select(async placing =>
        {
            var order = shop.Order(Shop.NewId("o"));
            var placed = await order.Place(placing);
            return (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => order.Pay(new PayOrder("pay-1", placed.Total)))))[0];
        }));

        var statement = await _grains.GetGrain<IAccountGrain>(shop.Dealer).GetStatement(UtcToday, UtcToday.AddDays(1));

        var owed = paid.SelectMany(o => o.Settlement).Where(s => s.AccountId == shop.Dealer).ToList();
        Assert.Equal(10, owed.Count);
        Assert.All(owed, s => Assert.Equal(SettlementKind.Franchise, s.Kind));
        Assert.Equal((shop.Dealer, owed.Sum(s => s.Amount), 10), (statement.AccountId, statement.Amount, statement.Orders));
        Assert.Equal((statement.Amount, statement.Orders), (statement.Days.Sum(d => d.Amount), statement.Days.Sum(d => d.Orders)));
        Assert.InRange(statement.Days.Length, 1, 2);

        // Each day's figure is made of its orders, read three at a time.
        var orders = new List<AccountOrder>();
        foreach (var day in statement.Days)
        {
            string? after = null;
            do
            {
                var page = await _grains.GetGrain<IAccountGrain>(shop.Dealer).GetOrders(day.Date, after, take: 3);
                Assert.True(page.Orders.Length <= 3);
                orders.AddRange(page.Orders);
                after = page.Next;
            }
            while (after is not null);
        }

        Assert.Equal(
            paid.Where(o => o.Settlement.Any(s => s.AccountId == shop.Dealer)).Select(o => new AccountOrder(o.OrderId, o.Settlement.Single(s => s.AccountId == shop.Dealer).Amount)).OrderBy(o => o.OrderId, StringComparer.Ordinal),
            orders.OrderBy(o => o.OrderId, StringComparer.Ordinal));

        // The brand's own direct stores owe nobody: no statement of the brand's grows here.
        Assert.DoesNotContain(paid.SelectMany(o => o.Settlement), s => s.Kind == SettlementKind.Franchise && s.AccountId != shop.Dealer);
    }

    [Fact]
    public async Task AStatement_CoversTheDaysAsked_TodayWhenNoneAre_AndAtMost92()
    {
        var account = _grains.GetGrain<IAccountGrain>(Shop.NewId("dealer"));

        var today = await account.GetStatement();
        var quiet = await account.GetStatement(new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 2)); // 92 days
        var reversed = await Assert.ThrowsAsync<DomainException>(() => account.GetStatement(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1)));
        var tooLong = await Assert.ThrowsAsync<DomainException>(() => account.GetStatement(new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 3)));

        Assert.Equal(today.From, today.To);
        Assert.InRange(today.From.DayNumber - UtcToday.DayNumber, 0, 1);
        Assert.Equal((0L, 0, 0), (quiet.Amount, quiet.Orders, quiet.Days.Length));
        Assert.All([reversed, tooLong], e => Assert.Equal(ErrorCodes.ValidationFailed, e.Code));
    }
}
