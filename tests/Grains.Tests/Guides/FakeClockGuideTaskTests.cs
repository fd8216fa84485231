using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockGuideTaskTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task TaskPastItsDueTime_IsExpired_CountsNothingMore_AndPaysNothing()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var customers = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 2, due: TimeSpan.FromHours(1)));
        var forwards = await guide.AssignTask(NewTask(GuideTaskKind.ForwardMaterial, target: 2, due: TimeSpan.FromHours(1)));
        await guide.AddCustomer(Shop.NewId("m"), fixture.Clock.GetUtcNow());
        await guide.ReportForward(forwards.TaskId, "fw-1");

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await guide.AddCustomer(Shop.NewId("m"), fixture.Clock.GetUtcNow());
        var late = await Assert.ThrowsAsync<DomainException>(() => guide.ReportForward(forwards.TaskId, "fw-2"));
        var repeatOfACountedForward = await guide.ReportForward(forwards.TaskId, "fw-1");

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.TaskExpired), (late.Kind, late.Code));
        Assert.Equal((1, GuideTaskStatus.Expired), (repeatOfACountedForward.Progress, repeatOfACountedForward.Status));
        var expired = (await guide.GetTask(customers.TaskId))!;
        Assert.Equal((1, GuideTaskStatus.Expired), (expired.Progress, expired.Status));
        Assert.Equal(0, (await guide.GetView())!.Coins);
    }

    [Fact]
    public async Task CustomerBoundBeforeTheTaskWasGiven_DoesNotCount_EvenWhenTheBindingArrivesLater()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var boundEarlier = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var given = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 1, due: TimeSpan.FromHours(1)));

        // The member's outbox delivers a binding made before the task, after it was given.
        await guide.AddCustomer(Shop.NewId("m"), boundEarlier);

        Assert.Equal((0, GuideTaskStatus.Open), ((await guide.GetTask(given.TaskId))!.Progress, (await guide.GetTask(given.TaskId))!.Status));
    }

    [Fact]
    public async Task EndedTasks_AreForgottenAMonthAfterTheyEnd_OpenOnesNever_AndTheListPutsOpenOnesFirst()
    {
        var shop = await Shop.Open(_grains);
        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var old = await guide.AssignTask(NewTask(GuideTaskKind.ForwardMaterial, target: 1, due: TimeSpan.FromDays(1)));
        var longOpen = await guide.AssignTask(NewTask(GuideTaskKind.GoLive, target: 1, due: TimeSpan.FromDays(90)));
        fixture.Clock.Advance(TimeSpan.FromDays(1) + GuideTasks.KeptAfterEnd - TimeSpan.FromMinutes(1));
        var recent = await guide.AssignTask(NewTask(GuideTaskKind.ForwardMaterial, target: 1, due: TimeSpan.FromDays(1)));
        var soonDue = await guide.AssignTask(NewTask(GuideTaskKind.AddCustomers, target: 1, due: TimeSpan.FromHours(1)));
        var stillKept = (await guide.GetTasks()).Select(t => t.TaskId).ToList();

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await guide.ReportForward(recent.TaskId, "fw-1");
        await guide.AssignTask(NewTask(GuideTaskKind.ForwardMaterial, target: 1, due: TimeSpan.FromDays(1)));
        var afterAMonth = await guide.GetTasks();

        Assert.Equal([soonDue.TaskId, recent.TaskId, longOpen.TaskId, old.TaskId], stillKept);
        Assert.DoesNotContain(old.TaskId, afterAMonth.Select(t => t.TaskId));
        Assert.Contains(longOpen.TaskId, afterAMonth.Select(t => t.TaskId));
        Assert.Equal(GuideTaskStatus.Done, afterAMonth.Single(t => t.TaskId == recent.TaskId).Status);
    }

    private AssignGuideTask NewTask(GuideTaskKind kind, int target, TimeSpan due) =>
        new(Shop.NewId("task"), kind, $"{target} {kind}", target, 25, fixture.Clock.GetUtcNow() + due);
}
