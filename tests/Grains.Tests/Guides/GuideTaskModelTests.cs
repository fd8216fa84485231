namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>The runs of a guide's tasks, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class GuideTaskModelTests(FakeClockClusterFixture fixture) : GuideTaskModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfTasksBindingsRoomsForwardsAwardsAndFailedWrites_CountEachThingOnce_AndPayEachTaskOnceWhenDone(int seed) => RunAsync(seed);
}
