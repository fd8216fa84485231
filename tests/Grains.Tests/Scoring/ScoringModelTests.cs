namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

/// <summary>The runs of what scores on the boards and in PKs, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class ScoringModelTests(FakeClockClusterFixture fixture) : ScoringModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfPaymentsBindingsPksAndFailedReports_CountEachOnceOnEveryBoardAndPk(int seed) => RunAsync(seed);
}
