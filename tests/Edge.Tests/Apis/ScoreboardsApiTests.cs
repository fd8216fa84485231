using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>PKs and leaderboards over real HTTP and real SignalR connections.</summary>
[Collection(EdgeCollection.Name)]
public sealed class ScoreboardsApiTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watcher_GetsTheBoardSnapshot_ThenAnUpdateWhenAnOrderIsPaid()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var ops = _app.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops, messagePack: true);
        var updates = new List<LeaderboardUpdate>();
        ops.On<LeaderboardUpdate>("LeaderboardUpdate", u => { lock (updates) { updates.Add(u); } });
        await ops.StartAsync(Cancel);
        var scope = "region:" + shop.RegionId;

        var snapshot = await ops.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", scope, Cancel);
        var order = await PayOrder(shop);

        Assert.Empty(snapshot.Entries);
        await Eventually.True(() => updates.Any(u => u.Entries.Any(e => e.Id == shop.DirectGuide && e.Score == order.Total)), cancellationToken: Cancel);
        var update = updates.Last();
        Assert.Equal(("guide-sales", scope, "Li Fang", 1), (update.Board, update.Scope, update.Entries[0].Name, update.Entries[0].Rank));
        Assert.True(update.Seq > snapshot.Seq);
    }

    [Fact]
    public async Task BoardAndPkWatchers_KeepGettingUpdates_AfterTheirGrainsLeftMemory()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await shop.StartOrdersPkAsync(_app, Cancel);
        await using var ops = _app.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops, messagePack: true);
        var boards = new List<LeaderboardUpdate>();
        var pks = new List<PkUpdate>();
        ops.On<LeaderboardUpdate>("LeaderboardUpdate", u => { lock (boards) { boards.Add(u); } });
        ops.On<PkUpdate>("PkUpdate", u => { lock (pks) { pks.Add(u); } });
        await ops.StartAsync(Cancel);
        var scope = "region:" + shop.RegionId;
        await ops.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", scope, Cancel);
        await ops.InvokeAsync<PkUpdate>("WatchPk", pkId, Cancel);
        var first = await PayOrder(shop);
        await Eventually.True(() => boards.Any(u => u.Entries.Any(e => e.Score == first.Total)) && pks.Any(u => u.Scores[0].Score == 1), cancellationToken: Cancel);

        // As a silo failing would: both grains leave memory, and the next sale activates them again.
        var grains = _app.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.DeactivateGrain(grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key).GetGrainId(), Cancel);
        await management.DeactivateGrain(grains.GetGrain<IPkGrain>(pkId).GetGrainId(), Cancel);
        await Task.Delay(500, Cancel);
        var second = await PayOrder(shop);

        // Well before the Edge's periodic report (20 s), and numbered so the Edge and the page take them as new.
        await Eventually.True(
            () => boards.Any(u => u.Entries.Any(e => e.Score == first.Total + second.Total)) && pks.Any(u => u.Scores[0].Score == 2),
            TimeSpan.FromSeconds(5), Cancel);
        Assert.True(boards[^1].Seq > boards[0].Seq && pks[^1].Seq > pks[0].Seq);
    }

    [Fact]
    public async Task AConnectionThatUnwatchesAPkAndABoard_HearsNoMoreOfThem_WhileAnotherWatcherStillDoes()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var pkId = await shop.StartOrdersPkAsync(_app, Cancel);
        var scope = "region:" + shop.RegionId;
        async Task<(HubConnection Hub, List<object> Heard)> Watcher(string userId)
        {
            var hub = _app.Connect(ScoreboardHub.Path, userId, Roles.Ops);
            var heard = new List<object>();
            hub.On<LeaderboardUpdate>("LeaderboardUpdate", u => { lock (heard) { heard.Add(u); } });
            hub.On<PkUpdate>("PkUpdate", u => { lock (heard) { heard.Add(u); } });
            await hub.StartAsync(Cancel);
            await hub.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", scope, Cancel);
            await hub.InvokeAsync<PkUpdate>("WatchPk", pkId, Cancel);
            return (hub, heard);
        }

        var (leaving, leavingHeard) = await Watcher("ops-leaving");
        var (staying, stayingHeard) = await Watcher("ops-staying");
        await using (leaving)
        await using (staying)
        {
            await leaving.InvokeAsync("UnwatchPk", pkId, Cancel);
            await leaving.InvokeAsync("UnwatchLeaderboard", "guide-sales", scope, Cancel);
            var badId = await Assert.ThrowsAsync<HubException>(() => leaving.InvokeAsync("UnwatchPk", "no such id", Cancel));

            var paid = await PayOrder(shop);

            // Only what the payment changed tells: before it unwatched, the leaving connection may rightly have heard the
            // PK's first tick announce its status (a push with no score).
            bool ShowsThePayment(object update) => update switch
            {
                PkUpdate pk => pk.Scores.Any(s => s.Score > 0),
                LeaderboardUpdate board => board.Entries.Any(e => e.Score == paid.Total),
                _ => true,
            };
            await Eventually.True(() => { lock (stayingHeard) { return stayingHeard.OfType<PkUpdate>().Any(ShowsThePayment) && stayingHeard.OfType<LeaderboardUpdate>().Any(ShowsThePayment); } },
                cancellationToken: Cancel);
            await Task.Delay(500, Cancel);
            lock (leavingHeard)
            {
                Assert.DoesNotContain(leavingHeard, ShowsThePayment);
            }

            Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badId.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pk_IsCreatedByOps_WatchedLive_AndReadOverHttp()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var opsHttp = _app.ClientAs("ops-1", Roles.Ops);
        var pkId = TestIds.New("pk");
        var body = new
        {
            pkId,
            title = "Weekend PK",
            metric = "orders",
            participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 1 }, new { id = shop.FranchiseGuide, kind = "guide", target = 5 } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(2),
        };
        var created = await opsHttp.PostAsJsonAsync("/api/pk", body, Cancel);
        await using var guide = _app.Connect(ScoreboardHub.Path, shop.DirectGuide, Roles.Guide);
        var updates = new List<PkUpdate>();
        guide.On<PkUpdate>("PkUpdate", u => { lock (updates) { updates.Add(u); } });
        await guide.StartAsync(Cancel);
        var snapshot = await guide.InvokeAsync<PkUpdate>("WatchPk", pkId, Cancel);

        await PayOrder(shop);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(PkStatus.Running, snapshot.Status);
        await Eventually.True(() => updates.Any(u => u.Scores[0] is { Score: 1, Reached: true }), cancellationToken: Cancel);
        var read = await opsHttp.GetFromJsonAsync<PkUpdate>($"/api/pk/{pkId}", Cancel);
        Assert.Equal([1L, 0L], read!.Scores.Select(s => s.Score));
        Assert.Equal(["Li Fang", "Wang Min"], read.Scores.Select(s => s.Name));
    }

    [Fact]
    public async Task OpenPks_AreListed_SoonestEndFirst_AndAPkLeavesTheListWhenItEnds_ForTheListOfEndedOnes()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var opsHttp = _app.ClientAs("ops-1", Roles.Ops);
        using var memberHttp = _app.ClientAs(shop.Member, Roles.Member);
        var now = DateTimeOffset.UtcNow;
        var (later, sooner, ending) = (TestIds.New("pk"), TestIds.New("pk"), TestIds.New("pk"));
        foreach (var (pkId, endsAt) in new[] { (later, now.AddHours(2)), (sooner, now.AddHours(1)), (ending, now.AddSeconds(1)) })
        {
            var body = new
            {
                pkId,
                title = "PK " + pkId,
                metric = "orders",
                participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 3 }, new { id = shop.FranchiseGuide, kind = "guide", target = 3 } },
                startsAt = now.AddMinutes(-1),
                endsAt,
            };
            (await opsHttp.PostAsJsonAsync("/api/pk", body, Cancel)).EnsureSuccessStatusCode();
        }

        var listed = await memberHttp.GetFromJsonAsync<PkUpdate[]>("/api/pk", Cancel);

        Assert.Equal([ending, sooner, later], listed!.Select(pk => pk.PkId).Where(id => id == later || id == sooner || id == ending));
        Assert.All(listed!, pk => Assert.NotEqual(PkStatus.Ended, pk.Status));
        var soonerListed = listed!.Single(pk => pk.PkId == sooner);
        Assert.Equal(("PK " + sooner, PkStatus.Running, 2), (soonerListed.Title, soonerListed.Status, soonerListed.Scores.Length));
        await Eventually.True(
            async () => (await memberHttp.GetFromJsonAsync<PkUpdate[]>("/api/pk", Cancel))!.All(pk => pk.PkId != ending),
            within: TimeSpan.FromSeconds(30),
            cancellationToken: Cancel);
        Assert.Equal(PkStatus.Ended, (await memberHttp.GetFromJsonAsync<PkUpdate>($"/api/pk/{ending}", Cancel))!.Status);
        Assert.Contains(sooner, (await memberHttp.GetFromJsonAsync<PkUpdate[]>("/api/pk?status=open", Cancel))!.Select(pk => pk.PkId));

        // Ended, it is listed with its result among the latest to end, and the open ones are not.
        var ended = (await memberHttp.GetFromJsonAsync<PkUpdate[]>("/api/pk?status=ended", Cancel))!;
        Assert.All(ended, pk => Assert.Equal(PkStatus.Ended, pk.Status));
        Assert.Equal(ended.OrderByDescending(pk => pk.EndsAt).Select(pk => pk.PkId), ended.Select(pk => pk.PkId));
        var endedListed = ended.Single(pk => pk.PkId == ending);
        Assert.Equal(("PK " + ending, 2, true), (endedListed.Title, endedListed.Scores.Length, endedListed.Tie));
        Assert.DoesNotContain(ended, pk => pk.PkId == sooner || pk.PkId == later);

        var refused = await memberHttp.GetAsync("/api/pk?status=closed", Cancel);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (refused.StatusCode, await refused.ProblemCodeAsync()));
    }

    [Fact]
    public async Task BoardScopes_AreAllThenTheRegionsAndTeamsWithAScoreToday()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);

        await PayOrder(shop);

        var region = new LeaderboardScope("region:" + shop.RegionId, "Shanghai");
        await Eventually.True(
            async () => (await ops.GetFromJsonAsync<LeaderboardScope[]>("/api/leaderboards/guide-sales/scopes", Cancel))!.Contains(region),
            cancellationToken: Cancel);
        var scopes = (await ops.GetFromJsonAsync<LeaderboardScope[]>("/api/leaderboards/guide-sales/scopes", Cancel))!;
        Assert.Equal(new LeaderboardScope("all", "All"), scopes[0]);
        Assert.Contains(new LeaderboardScope("team:team-a", "team-a"), scopes);
        Assert.Equal(scopes.Length, scopes.Select(s => s.Scope).Distinct().Count());
        var storeScopes = (await ops.GetFromJsonAsync<LeaderboardScope[]>("/api/leaderboards/store-sales/scopes", Cancel))!;
        Assert.Contains(region, storeScopes);
        Assert.DoesNotContain(storeScopes, s => s.Scope.StartsWith("team:", StringComparison.Ordinal));
        var unknown = await ops.GetAsync("/api/leaderboards/best-guides/scopes", Cancel);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UnknownBoard), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
    }

    [Fact]
    public async Task Teams_NamedByOps_ShowByNameInBoardScopesAndTeamPks_AndBadNamesChangeNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var teamId = TestIds.New("team");
        (await ops.PutAsJsonAsync($"/api/guides/{shop.DirectGuide}", new { name = "Li Fang", storeId = shop.DirectStore, teamId }, Cancel)).EnsureSuccessStatusCode();

        var named = await ops.PutAsJsonAsync($"/api/teams/{teamId}", new { name = " Puxi branch " }, Cancel);
        var byGuide = await guide.PutAsJsonAsync($"/api/teams/{teamId}", new { name = "Our team" }, Cancel);
        var blank = await ops.PutAsJsonAsync($"/api/teams/{teamId}", new { name = "  " }, Cancel);
        var unnamed = await guide.GetAsync($"/api/teams/{TestIds.New("team")}", Cancel);
        var pkId = TestIds.New("pk");
        var pk = new
        {
            pkId,
            title = "Branch PK",
            metric = "orders",
            participants = new[] { new { id = teamId, kind = "team", target = 5 }, new { id = "team-a", kind = "team", target = 5 } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
        };
        (await ops.PostAsJsonAsync("/api/pk", pk, Cancel)).EnsureSuccessStatusCode();
        await PayOrder(shop);

        Assert.Equal(new TeamProfile(teamId, "Puxi branch"), await named.Content.ReadFromJsonAsync<TeamProfile>(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, byGuide.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownTeam), (unnamed.StatusCode, await unnamed.ProblemCodeAsync()));
        Assert.Equal("Puxi branch", (await guide.GetFromJsonAsync<TeamProfile>($"/api/teams/{teamId}", Cancel))!.Name);
        Assert.Equal(["Puxi branch", "team-a"], (await guide.GetFromJsonAsync<PkUpdate>($"/api/pk/{pkId}", Cancel))!.Scores.Select(s => s.Name));
        await Eventually.True(
            async () => (await guide.GetFromJsonAsync<LeaderboardScope[]>("/api/leaderboards/guide-sales/scopes", Cancel))!.Contains(new LeaderboardScope("team:" + teamId, "Puxi branch")),
            cancellationToken: Cancel);
    }

    [Fact]
    public async Task BadInput_IsRefused_OverHttpAndTheHub_AndNothingIsCreated()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var opsHttp = _app.ClientAs("ops-1", Roles.Ops);
        using var guideHttp = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var pkId = TestIds.New("pk");
        var valid = new { pkId, title = "PK", metric = "sales", participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 1 }, new { id = shop.FranchiseGuide, kind = "guide", target = 1 } }, startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1) };

        var byGuide = await guideHttp.PostAsJsonAsync("/api/pk", valid, Cancel);
        var oneParticipant = await opsHttp.PostAsJsonAsync("/api/pk", valid with { participants = valid.participants[..1] }, Cancel);
        var badBoard = await guideHttp.GetAsync("/api/leaderboards/best-guides", Cancel);
        var badTop = await guideHttp.GetAsync("/api/leaderboards/guide-sales?top=501", Cancel);
        var storesOfATeam = await guideHttp.GetAsync("/api/leaderboards/store-sales?scope=team:team-a", Cancel);
        await using var hub = _app.Connect(ScoreboardHub.Path, shop.DirectGuide, Roles.Guide);
        await hub.StartAsync(Cancel);
        var badScope = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", "planet:mars", Cancel));
        var roomsOfATeam = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "room-gmv", "team:team-a", Cancel));
        var unknownPk = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<PkUpdate>("WatchPk", pkId, Cancel));

        Assert.Equal(HttpStatusCode.Forbidden, byGuide.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, oneParticipant.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UnknownBoard), (badBoard.StatusCode, await badBoard.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (storesOfATeam.StatusCode, await storesOfATeam.ProblemCodeAsync()));
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", badScope.Message);
        Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}: Board 'room-gmv' has no team scopes", roomsOfATeam.Message);
        Assert.Contains($"HubException: {ErrorCodes.UnknownPk}:", unknownPk.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await opsHttp.GetAsync($"/api/pk/{pkId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task PkTimes_WithoutAnOffset_AreRefused_AndWithOneMeanThatInstant()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var starts = DateTimeOffset.UtcNow.AddHours(1);
        object Pk(string pkId, string startsAt, string endsAt) => new
        {
            pkId, title = "Evening", metric = "orders", startsAt, endsAt,
            participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 1 }, new { id = shop.FranchiseGuide, kind = "guide", target = 1 } },
        };
        string Local(DateTimeOffset time, string format) => time.ToOffset(TimeSpan.FromHours(8)).ToString(format, CultureInfo.InvariantCulture);
        var (unclear, shanghai) = (TestIds.New("pk"), TestIds.New("pk"));

        var withoutOffset = await ops.PostAsJsonAsync("/api/pk", Pk(unclear, Local(starts, "yyyy-MM-ddTHH:mm:ss"), Local(starts.AddHours(1), "yyyy-MM-ddTHH:mm:ss")), Cancel);
        var withOffset = await ops.PostAsJsonAsync("/api/pk", Pk(shanghai, Local(starts, "yyyy-MM-ddTHH:mm:sszzz"), Local(starts.AddHours(1), "yyyy-MM-ddTHH:mm:sszzz")), Cancel);

        Assert.Equal((HttpStatusCode.BadRequest, "malformed-request"), (withoutOffset.StatusCode, await withoutOffset.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync($"/api/pk/{unclear}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, withOffset.StatusCode);
        var created = await ops.GetFromJsonAsync<PkUpdate>($"/api/pk/{shanghai}", Cancel);
        Assert.Equal(starts.ToUnixTimeSeconds(), created!.StartsAt.ToUnixTimeSeconds());
    }

    /// <summary>An order of the shop's member, placed and paid; the order as placed.</summary>
    private async Task<Order> PayOrder(DemoShop shop)
    {
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = placed!.Total }, Cancel)).EnsureSuccessStatusCode();
        return placed;
    }
}
