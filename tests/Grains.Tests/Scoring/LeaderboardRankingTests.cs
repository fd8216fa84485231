using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Tests.Scoring;

/// <summary>How boards rank, on boards of the test's own (a grain key nobody else uses).</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaderboardRankingTests(ClusterFixture fixture)
{
    private readonly ILeaderboardGrain _boards = fixture.Grains.GetGrain<ILeaderboardGrain>($"ranking-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task EqualScoresShareARank_TiesGoInIdOrder_AndTheTopIsCutAfterRanking()
    {
        var day = (await _boards.Top("guide-sales", "all", 1)).Day;
        await _boards.Apply(
        [
            Guide("g-e", day, 20, "north", "team-1"),
            Guide("g-c", day, 40, "south", "team-2"),
            Guide("g-a", day, 50, "north", "team-1"),
            Guide("g-d", day, 30, "south", "team-2"),
            Guide("g-b", day, 40, "north", "team-1"),
            Guide("g-z", day, 0, "north", "team-1"),
        ]);

        var all = await _boards.Top("guide-sales", "all", 10);
        Assert.Equal([(1, "g-a", 50L), (2, "g-b", 40L), (2, "g-c", 40L), (4, "g-d", 30L), (5, "g-e", 20L)], Entries(all));

        var three = await _boards.Top("guide-sales", "all", 3);
        Assert.Equal([(1, "g-a", 50L), (2, "g-b", 40L), (2, "g-c", 40L)], Entries(three));

        var rank = await _boards.Rank("guide-sales", "all", "g-d");
        Assert.Equal((4, 30L, 5), (rank.Rank, rank.Score, rank.Entries));
        Assert.Null((await _boards.Rank("guide-sales", "all", "g-z")).Rank);

        Assert.Equal([(1, "g-c", 40L), (2, "g-d", 30L)], Entries(await _boards.Top("guide-sales", "team:team-2", 10)));
        Assert.Equal([(1, "g-a", 50L), (2, "g-b", 40L)], Entries(await _boards.Top("guide-sales", "region:north", 2)));
    }

    [Fact]
    public async Task AGuideReportingFromAnotherTeam_IsListedThere_EvenWithTheSameFigures_AndAnOlderReportNeverTakesItBack()
    {
        var day = (await _boards.Top("guide-sales", "all", 1)).Day;
        await _boards.Apply([Guide("g-a", day, 50, "north", "team-1")]);

        // Moved to team 2, and the next report changes no figure (a member gained again the same day counts nothing).
        await _boards.Apply([Guide("g-a", day, 50, "south", "team-2")]);
        Assert.Equal([(1, "g-a", 50L)], Entries(await _boards.Top("guide-sales", "team:team-2", 10)));
        Assert.Empty(Entries(await _boards.Top("guide-sales", "team:team-1", 10)));
        Assert.Equal([(1, "g-a", 50L)], Entries(await _boards.Top("guide-sales", "region:south", 10)));

        // A report from before the move, arriving late: its figure is smaller, so it is older, and changes nothing.
        await _boards.Apply([Guide("g-a", day, 40, "north", "team-1")]);
        Assert.Equal([(1, "g-a", 50L)], Entries(await _boards.Top("guide-sales", "team:team-2", 10)));
        Assert.Empty(Entries(await _boards.Top("guide-sales", "team:team-1", 10)));
    }

    private static (int Rank, string Id, long Score)[] Entries(LeaderboardUpdate board) =>
        [.. board.Entries.Select(e => (e.Rank, e.Id, e.Score))];

    private static ScoreFact Guide(string guideId, DateOnly day, long sales, string regionId, string teamId) =>
        new(ScoreSubject.Guide, guideId, guideId, day, regionId, teamId, sales, Orders: 1, NewMembers: 0, Commission: 0, Events: []);
}
