using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

public sealed class SettlementTests
{
    private static readonly SettlementOptions Options = new();

    private static readonly Dictionary<string, StoreProfile> Stores = new()
    {
        ["direct"] = new("direct", "Direct", "r", 31, 121, "brand", StoreOwnership.Direct, true, true),
        ["franchise-a"] = new("franchise-a", "Franchise A", "r", 31, 121, "dealer-a", StoreOwnership.Franchise, true, true),
        ["franchise-b"] = new("franchise-b", "Franchise B", "r", 31, 121, "dealer-b", StoreOwnership.Franchise, true, true),
    };

    [Theory]
    [InlineData(1L)]
    [InlineData(99L)]
    [InlineData(100_001L)]
    [InlineData(33_333_333L)]
    public void Split_OverSeveralStoresWithAGuide_AlwaysSumsToTheTotal(long total)
    {
        var goods = new Dictionary<string, long> { ["direct"] = 3, ["franchise-a"] = 5, ["franchise-b"] = 7 };

        var lines = Settlement.Split(total, goods, Stores, "guide-1", Options);

        Assert.Equal(total, lines.Sum(l => l.Amount));
        Assert.All(lines, l => Assert.True(l.Amount > 0));
    }

    [Fact]
    public void Split_FranchiseSale_GivesTheOwnerNinetyPercentAfterCommission()
    {
        var lines = Settlement.Split(100_000, new Dictionary<string, long> { ["franchise-a"] = 1 }, Stores, "guide-1", Options);

        Assert.Equal(
            [("brand", 9_700L), ("dealer-a", 87_300L), ("guide:guide-1", 3_000L)],
            lines.Select(l => (l.AccountId, l.Amount)));
    }

    [Fact]
    public void Apportion_NeverLosesOrInventsAFen()
    {
        var shares = Settlement.Apportion(100, new Dictionary<string, long> { ["a"] = 1, ["b"] = 1, ["c"] = 1 });

        Assert.Equal(100, shares.Values.Sum());
        Assert.Equal([34L, 33L, 33L], shares.OrderBy(s => s.Key).Select(s => s.Value));
    }

    [Fact]
    public void Apportion_OfTheLargestOrder_IsExact()
    {
        // 50 lines of 10,000 units at the highest price, shipped by two stores.
        const long total = PlaceOrder.MaxLines * ReservationRequest.MaxQuantity * SkuProfile.MaxPrice;

        var shares = Settlement.Apportion(total - 1, new Dictionary<string, long> { ["a"] = total / 2 + 1, ["b"] = total / 2 - 1 });

        Assert.Equal([total / 2, total / 2 - 1], shares.OrderBy(s => s.Key).Select(s => s.Value));
    }
}
