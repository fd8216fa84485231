namespace PrivateDomain.Realtime.Grains.Tests.Live;

/// <summary>The runs of what a live room's viewers see, with the room's state in PostgreSQL: fewer seeds, each flush a real write.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresRoomFeedModelTests(PostgresFakeClockClusterFixture fixture) : RoomFeedModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfCommentsModerationLikesViewersSilentEdgesAndRestarts_ShowEveryViewerTheRoom_EachCommentOnceAndInOrder(int seed) => RunAsync(seed);
}
