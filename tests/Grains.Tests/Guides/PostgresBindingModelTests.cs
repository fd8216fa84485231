namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>The runs of members binding to guides, with grain state in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresBindingModelTests(PostgresFakeClockClusterFixture fixture) : BindingModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfScansMovesAndFailedDeliveries_KeepEachMemberOneGuidesCustomer_CountedOnceADay(int seed) => RunAsync(seed);
}
