namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>The runs of what a live room's viewers see, with storage in memory.</summary>
/// <remarks>
/// A cluster of its own (a class fixture, outside the shared fake-clock collection): these are the project's longest runs,
/// about a minute for their seeds, so they run beside the other fake-clock tests instead of after them.
/// </remarks>
public sealed class RoomFeedModelTests(FakeClockClusterFixture fixture) : RoomFeedModelRuns(fixture), IClassFixture<FakeClockClusterFixture>
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfCommentsModerationLikesViewersSilentEdgesAndRestarts_ShowEveryViewerTheRoom_EachCommentOnceAndInOrder(int seed) => RunAsync(seed);
}
