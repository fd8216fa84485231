namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>The runs of the stock pool with grain state, ledgers and holds in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresPoolModelTests(PostgresFakeClockClusterFixture fixture) : PoolModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(2);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfEverythingAPoolIsAsked_AnswerAndCountAsTheRulesSay_ThroughLapsesFailedWritesAndRestarts(int seed) => RunAsync(seed);
}
