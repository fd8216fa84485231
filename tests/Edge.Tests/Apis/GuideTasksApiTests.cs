using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class GuideTasksApiTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TaskGivenByOps_ReachesTheGuideLive_CountsTheirNewCustomersAndForwards_AndPaysItsCoins()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var hub = _app.Connect("/hubs/notifications", shop.DirectGuide, Roles.Guide);
        var alerts = new List<GuideAlert>();
        hub.On<GuideAlert>("GuideAlert", alert => { lock (alerts) { alerts.Add(alert); } });
        await hub.StartRegisteredAsync(Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);

        var customersTask = await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", Body("t-customers", "add-customers", target: 1, coins: 50), Cancel);
        var forwardTask = await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", Body("t-forward", "forward-material", target: 2, coins: 30), Cancel);
        var newMember = TestIds.New("m");
        using (var member = _app.ClientAs(newMember, Roles.Member))
        {
            (await member.PutAsJsonAsync($"/api/members/{newMember}", new { name = "Zhou Ting" }, Cancel)).EnsureSuccessStatusCode();
            (await member.PostAsJsonAsync($"/api/members/{newMember}/guide", new { guideId = shop.DirectGuide }, Cancel)).EnsureSuccessStatusCode();
        }

        var forwards = new List<HttpResponseMessage>();
        foreach (var forwardId in new[] { "fw-moments-1", "fw-moments-1", "fw-group-2" })
        {
            forwards.Add(await guide.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks/t-forward/forwards", new { forwardId }, Cancel));
        }

        await Eventually.True(async () => (await guide.GetFromJsonAsync<GuideTask>($"/api/guides/{shop.DirectGuide}/tasks/t-customers", Cancel))!.Status == GuideTaskStatus.Done, cancellationToken: Cancel);
        await Eventually.True(() => { lock (alerts) { return alerts.Count(a => a.Kind == GuideAlertKind.Task) == 4; } }, cancellationToken: Cancel);

        Assert.Equal(HttpStatusCode.Created, customersTask.StatusCode);
        Assert.Equal($"/api/guides/{shop.DirectGuide}/tasks/t-customers", customersTask.Headers.Location?.OriginalString);
        Assert.Equal((GuideTaskKind.ForwardMaterial, 0, GuideTaskStatus.Open), await forwardTask.Content.ReadFromJsonAsync<GuideTask>(Cancel) is { } f ? (f.Kind, f.Progress, f.Status) : default);
        Assert.All(forwards, f => Assert.Equal(HttpStatusCode.OK, f.StatusCode));
        var progress = await Task.WhenAll(forwards.Select(async f => (await f.Content.ReadFromJsonAsync<GuideTask>(Cancel))!.Progress));
        Assert.Equal([1, 1, 2], progress);
        var tasks = await guide.GetFromJsonAsync<GuideTask[]>($"/api/guides/{shop.DirectGuide}/tasks", Cancel);
        Assert.Equal([("t-customers", 1, GuideTaskStatus.Done), ("t-forward", 2, GuideTaskStatus.Done)], tasks!.Select(t => (t.TaskId, t.Progress, t.Status)).Order());
        Assert.Equal(80, (await guide.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel))!.Coins);
        lock (alerts)
        {
            Assert.Equal(["t-customers", "t-customers", "t-forward", "t-forward"], alerts.Select(a => a.TaskId).Order());
            Assert.Contains(alerts, a => a.TaskId == "t-forward" && a.Text == "Task done: Spring material: +30 coins.");
        }
    }

    [Fact]
    public async Task Tasks_AreGivenByOps_AndReadAndReportedByTheirGuideAndOpsOnly()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        (await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", Body("t-1", "forward-material", target: 3, coins: 10), Cancel)).EnsureSuccessStatusCode();

        var byGuide = await guide.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", Body("t-2", "forward-material", target: 3, coins: 10), Cancel);
        var readByOther = await otherGuide.GetAsync($"/api/guides/{shop.DirectGuide}/tasks", Cancel);
        var readOneByOther = await otherGuide.GetAsync($"/api/guides/{shop.DirectGuide}/tasks/t-1", Cancel);
        var readByMember = await member.GetAsync($"/api/guides/{shop.DirectGuide}/tasks", Cancel);
        var forwardByOther = await otherGuide.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks/t-1/forwards", new { forwardId = "fw-1" }, Cancel);
        var forwardByMember = await member.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks/t-1/forwards", new { forwardId = "fw-2" }, Cancel);
        var forwardByOps = await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks/t-1/forwards", new { forwardId = "fw-3" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byGuide.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readByOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readOneByOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readByMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forwardByOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forwardByMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forwardByOps.StatusCode);
        var tasks = await guide.GetFromJsonAsync<GuideTask[]>($"/api/guides/{shop.DirectGuide}/tasks", Cancel);
        Assert.Equal([("t-1", 1)], tasks!.Select(t => (t.TaskId, t.Progress)));
    }

    [Fact]
    public async Task BadTasksAndForwards_AreClearProblems_AndChangeNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var path = $"/api/guides/{shop.DirectGuide}/tasks";
        (await ops.PostAsJsonAsync(path, Body("t-ok", "add-customers", target: 3, coins: 10), Cancel)).EnsureSuccessStatusCode();

        var invalid = new object[]
        {
            new { taskId = "t-a", title = "No kind", target = 1, coins = 10, dueAt = DateTimeOffset.UtcNow.AddDays(1) },
            new { taskId = "t-b", kind = "dance", title = "Unknown kind", target = 1, coins = 10, dueAt = DateTimeOffset.UtcNow.AddDays(1) },
            Body("t-c", "go-live", target: 0, coins: 10),
            Body("t-d", "go-live", target: 1, coins: -5),
            Body("t id", "go-live", target: 1, coins: 10),
            new { taskId = "t-e", kind = "go-live", title = "Local time", target = 1, coins = 10, dueAt = "2030-01-01T10:00:00" },
            new { taskId = "t-f", kind = "go-live", title = "Due already", target = 1, coins = 10, dueAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            new { taskId = "t-g", kind = "go-live", target = 1, coins = 10, dueAt = DateTimeOffset.UtcNow.AddDays(1) },
            new { taskId = "t-h", kind = "go-live", title = "No due time", target = 1, coins = 10 },
        };
        var refusals = new List<HttpResponseMessage>();
        foreach (var body in invalid)
        {
            refusals.Add(await ops.PostAsJsonAsync(path, body, Cancel));
        }

        var otherTerms = await ops.PostAsJsonAsync(path, Body("t-ok", "add-customers", target: 4, coins: 10), Cancel);
        var unknownGuide = await ops.PostAsJsonAsync($"/api/guides/nobody-{shop.DirectGuide}/tasks", Body("t-x", "go-live", target: 1, coins: 10), Cancel);
        var unknownTask = await guide.GetAsync($"{path}/t-none", Cancel);
        var forwardToUnknown = await guide.PostAsJsonAsync($"{path}/t-none/forwards", new { forwardId = "fw-1" }, Cancel);
        var forwardWithoutId = await guide.PostAsJsonAsync($"{path}/t-ok/forwards", new { }, Cancel);
        var forwardToOtherKind = await guide.PostAsJsonAsync($"{path}/t-ok/forwards", new { forwardId = "fw-1" }, Cancel);

        Assert.All(refusals, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.TaskConflict), (otherTerms.StatusCode, await otherTerms.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownGuide), (unknownGuide.StatusCode, await unknownGuide.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownTask), (unknownTask.StatusCode, await unknownTask.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownTask), (forwardToUnknown.StatusCode, await forwardToUnknown.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, forwardWithoutId.StatusCode);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.NotAForwardTask), (forwardToOtherKind.StatusCode, await forwardToOtherKind.ProblemCodeAsync()));
        var tasks = await guide.GetFromJsonAsync<GuideTask[]>(path, Cancel);
        Assert.Equal([("t-ok", 3, 0)], tasks!.Select(t => (t.TaskId, t.Target, t.Progress)));
    }

    private static object Body(string taskId, string kind, int target, long coins) => new
    {
        taskId,
        kind,
        title = kind == "forward-material" ? "Spring material" : "This week",
        target,
        coins,
        dueAt = DateTimeOffset.UtcNow.AddDays(7),
    };
}
