namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>The runs of members' orders with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class OrderModelTests(FakeClockClusterFixture fixture) : OrderModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfPlacingPayingCancellingFulfillingAndLapsing_SellEachPaidUnitOnce_AndHoldNothingUnpaid(int seed) => RunAsync(seed);
}
