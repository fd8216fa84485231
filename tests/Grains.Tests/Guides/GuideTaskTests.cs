using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

[Collection(ClusterCollection.Name)]
public sealed class GuideTaskTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddCustomersTask_CountsMembersWhoBindAfterItIsGiven_AndPaysItsCoinsOnceWhenReached()
    {
        // The shop's member bound the direct guide before the task existed: they do not count.
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var given = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 2, coins: 80));
        var first = Shop.NewId("m");
        var second = Shop.NewId("m");
        await shop.NewMember(first, shop.DirectGuide);
        await Eventually.True(async () => (await guide.GetTask(given.TaskId))!.Progress == 1, cancellationToken: Cancel);

        // The member's outbox repeats a delivery whose answer it missed; another guide's customer counts nowhere here.
        await guide.AddCustomer(first, DateTimeOffset.UtcNow);
        await shop.NewMember(Shop.NewId("m"), shop.FranchiseGuide);
        await shop.NewMember(second, shop.DirectGuide);
        await Eventually.True(async () => (await guide.GetTask(given.TaskId))!.Status == GuideTaskStatus.Done, cancellationToken: Cancel);
        await shop.NewMember(Shop.NewId("m"), shop.DirectGuide);
        await Eventually.True(async () => (await guide.GetView())!.Customers == 4, cancellationToken: Cancel);

        var done = (await guide.GetTask(given.TaskId))!;
        Assert.Equal((GuideTaskStatus.Open, 0), (given.Status, given.Progress));
        Assert.Equal((2, GuideTaskStatus.Done), (done.Progress, done.Status));
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(80, (await guide.GetView())!.Coins);
        await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.Task && a.TaskId == given.TaskId && a.Text.StartsWith("New task", StringComparison.Ordinal));
        await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.Task && a.TaskId == given.TaskId && a.Text.Contains("+80 coins", StringComparison.Ordinal));
        Assert.Equal(0, (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetView())!.Coins);
    }

    [Fact]
    public async Task GoLiveTask_IsCountedWhenARoomTheGuideHostsStarts_OnceEvenWhenTheStartIsRepeated()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var given = await guide.AssignTask(NewTask(GuideTaskKind.GoLive, target: 2, coins: 30));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        var room = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum]));

        await room.Start(host);
        await room.Start(host);
        var afterOne = (await guide.GetTask(given.TaskId))!;
        var another = _grains.GetGrain<ILiveRoomGrain>(Shop.NewId("room"));
        await another.Create(new CreateLiveRoom(shop.DirectGuide, "Cream week", shop.RegionId, [shop.Cream]));
        await another.Start(new Actor("ops-1", "Operations", Roles.Ops));

        Assert.Equal((1, GuideTaskStatus.Open), (afterOne.Progress, afterOne.Status));
        Assert.Equal((2, GuideTaskStatus.Done), ((await guide.GetTask(given.TaskId))!.Progress, (await guide.GetTask(given.TaskId))!.Status));
        Assert.Equal(30, (await guide.GetView())!.Coins);
    }

    [Fact]
    public async Task ForwardMaterialTask_CountsEachForwardOnce_UnderConcurrentRepeats_AndPaysOnce()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var given = await guide.AssignTask(NewTask(GuideTaskKind.ForwardMaterial, target: 10, coins: 40));

        // 60 reports of 25 forwards (each reported two or three times, all at once) on a target of 10.
        var reports = Enumerable.Range(0, 60).Select(i => guide.ReportForward(given.TaskId, $"fw-{i % 25}"));
        var answers = await Task.WhenAll(reports);
        var again = await guide.ReportForward(given.TaskId, "fw-99");

        Assert.All(answers, a => Assert.InRange(a.Progress, 1, 10));
        Assert.Equal((10, GuideTaskStatus.Done), (again.Progress, again.Status));
        Assert.Equal(40, (await guide.GetView())!.Coins);
        await Eventually.True(() => fixture.Pushes.AlertsFor(shop.DirectGuide).Count(a => a.TaskId == given.TaskId) == 2, cancellationToken: Cancel);
        await Task.Delay(200, Cancel);
        Assert.Single(fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.TaskId == given.TaskId && a.Text.StartsWith("Task done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forwards_ForAnotherKindOfTask_OrAnUnknownOne_AreRefused_AndCountNothing()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var customers = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 3, coins: 10));

        var notForwards = await Assert.ThrowsAsync<DomainException>(() => guide.ReportForward(customers.TaskId, "fw-1"));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => guide.ReportForward("no-such-task", "fw-1"));
        var badId = await Assert.ThrowsAsync<DomainException>(() => guide.ReportForward(customers.TaskId, "fw 1"));

        Assert.Equal((ErrorKind.Unprocessable, ErrorCodes.NotAForwardTask), (notForwards.Kind, notForwards.Code));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownTask), (unknown.Kind, unknown.Code));
        Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (badId.Kind, badId.Code));
        Assert.Equal(0, (await guide.GetTask(customers.TaskId))!.Progress);
    }

    [Fact]
    public async Task Assign_Repeated_AnswersTheTask_OtherTermsAre409_BadTermsAre400_AndNothingChanges()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var terms = NewTask(GuideTaskKind.ForwardMaterial, target: 5, coins: 20);
        var given = await guide.AssignTask(terms);

        var repeated = await guide.AssignTask(terms with { Title = "  " + terms.Title + " " });
        var otherTerms = await Assert.ThrowsAsync<DomainException>(() => guide.AssignTask(terms with { Coins = 2_000 }));
        var bad = new[]
        {
            NewTask(GuideTaskKind.AddCustomers, target: 0, coins: 10),
            NewTask(GuideTaskKind.AddCustomers, target: 1_001, coins: 10),
            NewTask(GuideTaskKind.AddCustomers, target: 1, coins: 0),
            NewTask(GuideTaskKind.AddCustomers, target: 1, coins: 10) with { Title = " " },
            NewTask(GuideTaskKind.AddCustomers, target: 1, coins: 10) with { Kind = (GuideTaskKind)7 },
            NewTask(GuideTaskKind.AddCustomers, target: 1, coins: 10) with { DueAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            NewTask(GuideTaskKind.AddCustomers, target: 1, coins: 10) with { DueAt = DateTimeOffset.UtcNow.AddDays(93) },
        };
        var refusals = new List<DomainException>();
        foreach (var task in bad)
        {
            refusals.Add(await Assert.ThrowsAsync<DomainException>(() => guide.AssignTask(task)));
        }

        var unknownGuide = await Assert.ThrowsAsync<DomainException>(() => _grains.GetGrain<IGuideGrain>(Shop.NewId("g")).AssignTask(terms));

        Assert.Equal(given, repeated);
        Assert.Equal((ErrorKind.Conflict, ErrorCodes.TaskConflict), (otherTerms.Kind, otherTerms.Code));
        Assert.All(refusals, r => Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (r.Kind, r.Code)));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownGuide), (unknownGuide.Kind, unknownGuide.Code));
        Assert.Equal([given.TaskId], (await guide.GetTasks()).Select(t => t.TaskId));
        Assert.Equal(20, (await guide.GetTask(given.TaskId))!.Coins);
    }

    [Fact]
    public async Task TaskCount_WhoseWriteFailed_IsCountedOnceByTheRetry_AndPaidOnce()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var given = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 2, coins: 60));
        var (lost, failed) = (Shop.NewId("m"), Shop.NewId("m"));

        // The first count's write lands but its answer is lost; the second's fails. The member's outbox retries both.
        fixture.StorageFaults.LoseNextWriteAnswer(guide.GetGrainId(), "guide");
        await Assert.ThrowsAnyAsync<Exception>(() => guide.AddCustomer(lost, DateTimeOffset.UtcNow));
        await guide.AddCustomer(lost, DateTimeOffset.UtcNow);
        fixture.StorageFaults.FailNextWrite(guide.GetGrainId(), "guide");
        await Assert.ThrowsAnyAsync<Exception>(() => guide.AddCustomer(failed, DateTimeOffset.UtcNow));
        var beforeRetry = (await guide.GetTask(given.TaskId))!;
        await guide.AddCustomer(failed, DateTimeOffset.UtcNow);
        await guide.AddCustomer(failed, DateTimeOffset.UtcNow);
        await Activations.Deactivate(_grains, guide);

        var stored = (await guide.GetTask(given.TaskId))!;
        Assert.Equal(1, beforeRetry.Progress);
        Assert.Equal((2, GuideTaskStatus.Done), (stored.Progress, stored.Status));
        Assert.Equal(60, (await guide.GetView())!.Coins);
    }

    private static AssignGuideTask NewTask(GuideTaskKind kind, int target, long coins) =>
        new(Shop.NewId("task"), kind, $"This week: {target} {kind}", target, coins, DateTimeOffset.UtcNow.AddDays(7));
}
