namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>The runs of a guide's tasks, with grain state in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresGuideTaskModelTests(PostgresFakeClockClusterFixture fixture) : GuideTaskModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfTasksBindingsRoomsForwardsAwardsAndFailedWrites_CountEachThingOnce_AndPayEachTaskOnceWhenDone(int seed) => RunAsync(seed);
}
