namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>The runs of members' orders with grain state, ledgers and holds in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresOrderModelTests(PostgresFakeClockClusterFixture fixture) : OrderModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfPlacingPayingCancellingFulfillingAndLapsing_SellEachPaidUnitOnce_AndHoldNothingUnpaid(int seed) => RunAsync(seed);
}
