namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>The runs of a live room's flash sale with grain state, ledgers and holds in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresFlashSaleModelTests(PostgresFakeClockClusterFixture fixture) : FlashSaleModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfBuysPaymentsCancelsLapsesAndRestarts_SellEachUnitOnce_AndGiveBackEveryUnsoldOne(int seed) => RunAsync(seed);
}
