namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>The runs of a live room's flash sale with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class FlashSaleModelTests(FakeClockClusterFixture fixture) : FlashSaleModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfBuysPaymentsCancelsLapsesAndRestarts_SellEachUnitOnce_AndGiveBackEveryUnsoldOne(int seed) => RunAsync(seed);
}
