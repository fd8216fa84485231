namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

/// <summary>The runs of what scores on the boards and in PKs, with grain state, figures, board facts and PK points in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresScoringModelTests(PostgresFakeClockClusterFixture fixture) : ScoringModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfPaymentsBindingsPksAndFailedReports_CountEachOnceOnEveryBoardAndPk(int seed) => RunAsync(seed);
}
