namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>The runs of members binding to guides, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class BindingModelTests(FakeClockClusterFixture fixture) : BindingModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfScansMovesAndFailedDeliveries_KeepEachMemberOneGuidesCustomer_CountedOnceADay(int seed) => RunAsync(seed);
}
