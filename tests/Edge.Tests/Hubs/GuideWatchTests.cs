using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>An operator viewing a guide's app watches the guide's alerts on <c>/hubs/notifications</c> (<c>WatchGuide</c>).</summary>
[Collection(EdgeCollection.Name)]
public sealed class GuideWatchTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorWatchingAGuide_HearsEachOfTheGuidesAlertsOnce_AsTheGuideDoes_OneGuideAtATime()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var guide = _app.Connect(NotificationsHub.Path, shop.DirectGuide, Roles.Guide);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        var (guideHeard, opsHeard) = (new List<GuideAlert>(), new List<GuideAlert>());
        guide.On<GuideAlert>("GuideAlert", alert => { lock (guideHeard) { guideHeard.Add(alert); } });
        ops.On<GuideAlert>("GuideAlert", alert => { lock (opsHeard) { opsHeard.Add(alert); } });
        await guide.StartRegisteredAsync(Cancel);
        await ops.StartAsync(Cancel);
        using var http = _app.ClientAs("ops-1", Roles.Ops);
        bool Heard(List<GuideAlert> heard, string taskId)
        {
            lock (heard)
            {
                return heard.Any(alert => alert.TaskId == taskId);
            }
        }

        await ops.InvokeAsync("WatchGuide", shop.DirectGuide, Cancel);
        await GiveTask(http, shop.DirectGuide, "t-1");
        await Eventually.True(() => Heard(opsHeard, "t-1") && Heard(guideHeard, "t-1"), cancellationToken: Cancel);

        // Another guide: the first one's alerts stop coming (an alert does not say whose it is).
        await ops.InvokeAsync("WatchGuide", shop.FranchiseGuide, Cancel);
        await GiveTask(http, shop.DirectGuide, "t-2");
        await Eventually.True(() => Heard(guideHeard, "t-2"), cancellationToken: Cancel);
        await GiveTask(http, shop.FranchiseGuide, "t-3");
        await Eventually.True(() => Heard(opsHeard, "t-3"), cancellationToken: Cancel);

        // Unwatched: nothing, until it watches again (an alert given before that would have come before it).
        await ops.InvokeAsync("UnwatchGuide", Cancel);
        await GiveTask(http, shop.FranchiseGuide, "t-4");
        await ops.InvokeAsync("WatchGuide", shop.FranchiseGuide, Cancel);
        await GiveTask(http, shop.FranchiseGuide, "t-5");
        await Eventually.True(() => Heard(opsHeard, "t-5"), cancellationToken: Cancel);
        await Task.Delay(300, Cancel);

        lock (opsHeard)
        {
            Assert.Equal(["t-1", "t-3", "t-5"], opsHeard.Select(alert => alert.TaskId));
        }

        lock (guideHeard)
        {
            Assert.Equal(["t-1", "t-2"], guideHeard.Select(alert => alert.TaskId));
        }
    }

    [Fact]
    public async Task WatchingAGuide_IsAnOperatorsAlone_AndOfAGuideThatExists()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var member = _app.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
        await using var guide = _app.Connect(NotificationsHub.Path, shop.FranchiseGuide, Roles.Guide);
        await using var ops = _app.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        await Task.WhenAll(member.StartAsync(Cancel), guide.StartAsync(Cancel), ops.StartAsync(Cancel));

        foreach (var (connection, guideId, code) in new[]
                 {
                     (member, shop.DirectGuide, "forbidden"), (guide, shop.DirectGuide, "forbidden"),
                     (ops, "not a guide id", ErrorCodes.ValidationFailed), (ops, TestIds.New("g"), ErrorCodes.UnknownGuide),
                 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("WatchGuide", guideId, Cancel));
            Assert.Contains($"HubException: {code}: ", refused.Message);
        }
    }

    private static async Task GiveTask(HttpClient ops, string guideId, string taskId) =>
        (await ops.PostAsJsonAsync($"/api/guides/{guideId}/tasks", new
        {
            taskId,
            kind = "forward-material",
            title = "Share the spring look",
            target = 2,
            coins = 10,
            dueAt = DateTimeOffset.UtcNow.AddDays(1),
        }, Cancel)).EnsureSuccessStatusCode();
}
