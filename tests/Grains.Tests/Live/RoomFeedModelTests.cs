namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>The runs of what a live room's viewers see, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class RoomFeedModelTests(FakeClockClusterFixture fixture) : RoomFeedModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfCommentsModerationLikesViewersSilentEdgesAndRestarts_ShowEveryViewerTheRoom_EachCommentOnceAndInOrder(int seed) => RunAsync(seed);
}
