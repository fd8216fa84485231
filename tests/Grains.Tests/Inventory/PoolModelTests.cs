namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>The runs of the stock pool with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class PoolModelTests(FakeClockClusterFixture fixture) : PoolModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(8);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfEverythingAPoolIsAsked_AnswerAndCountAsTheRulesSay_ThroughLapsesFailedWritesAndRestarts(int seed) => RunAsync(seed);
}
