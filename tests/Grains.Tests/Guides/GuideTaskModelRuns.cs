using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>
/// Long seeded random runs of one guide's tasks from headquarters — tasks of each kind given (again with the same
/// terms, with others, already due, too far ahead, and by a campaign until the guide holds all it keeps); new customers
/// binding (some bound before a task was given, some delivered again later); rooms going live (some started earlier);
/// forwards reported to each kind of task and to none, again, and after a task's time; the same event twice at once; coins awarded by PKs; minutes, hours and a month
/// passing; the guide leaving memory; and each of those changes stored through a write that fails or lands with its
/// answer lost, then retried — checked after every step against a model of the tasks: every answer, each task's
/// progress, status and completion, the order of the list, the tasks forgotten a month after they end, and the guide's
/// coins. So whatever happens twice counts once, and a task's coins are paid once, exactly when it is done.
/// </summary>
public abstract class GuideTaskModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var shop = await Shop.Open(fixture.Grains);
        var guide = fixture.Grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var run = new TaskRun(guide, (await guide.GetView())!.Coins);

        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => Check(run));
    }

    private Task<string> Step(TaskRun run, Random random) => random.Next(100) switch
    {
        < 14 => Assign(run, random),
        < 18 => AssignAgain(run, random),
        < 21 => AssignOutsideTheLeadTime(run, random),
        < 35 => NewCustomer(run, random),
        < 39 => CustomerDeliveredAgain(run, random),
        < 48 => GoLive(run, random),
        < 62 => Forward(run, random),
        < 67 => TwiceAtOnce(run, random),
        < 71 => Award(run, random),
        < 84 => Task.FromResult(Advance(random)),
        < 86 => Task.FromResult(AMonthPasses()),
        < 87 => ACampaignFillsTheList(run, random),
        < 92 => Restart(run),
        _ => ThroughAFailedWrite(run, random),
    };

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private async Task<string> Assign(TaskRun run, Random random)
    {
        var terms = NewTerms(run, random, due: Now + TimeSpan.FromMinutes(random.Next(5, 360)));
        await Expect(run.Assigning(terms, Now), () => run.Guide.AssignTask(terms));
        return $"give {terms.TaskId}: {terms.Target} {terms.Kind} by {terms.DueAt:HH:mm}";
    }

    /// <summary>A task given again: with its terms it is answered as it stands (also once due), with others it is a conflict.</summary>
    private async Task<string> AssignAgain(TaskRun run, Random random)
    {
        if (run.Tasks.Count == 0)
        {
            return "no task to give again";
        }

        var earlier = run.Tasks.Values.ElementAt(random.Next(run.Tasks.Count)).Terms;
        var terms = random.Next(2) == 0 ? earlier : earlier with { Target = earlier.Target + 1 };
        await Expect(run.Assigning(terms, Now), () => run.Guide.AssignTask(terms));
        return $"give {terms.TaskId} again{(terms == earlier ? "" : " with other terms")}";
    }

    private async Task<string> AssignOutsideTheLeadTime(TaskRun run, Random random)
    {
        var due = random.Next(2) == 0 ? Now - TimeSpan.FromMinutes(1) : Now + AssignGuideTask.MaxLeadTime + TimeSpan.FromMinutes(1);
        var terms = NewTerms(run, random, due);
        await Expect(run.Assigning(terms, Now), () => run.Guide.AssignTask(terms));
        return $"give {terms.TaskId} due {due:yyyy-MM-dd HH:mm}";
    }

    /// <summary>A member binds the guide now, or the binding (made minutes ago, maybe before a task was given) arrives now.</summary>
    private async Task<string> NewCustomer(TaskRun run, Random random)
    {
        var memberId = Shop.NewId("m");
        var boundAt = random.Next(3) == 0 ? Now - TimeSpan.FromMinutes(random.Next(1, 30)) : Now;
        await Expect(run.Binding(memberId, boundAt, Now), () => AddCustomer(run, memberId, boundAt));
        return $"{memberId[..6]} binds at {boundAt:HH:mm:ss}";
    }

    /// <summary>The member's outbox delivers a binding again: it counts (or not) at the time it was first made.</summary>
    private async Task<string> CustomerDeliveredAgain(TaskRun run, Random random)
    {
        if (run.Customers.Count == 0)
        {
            return "no customer to deliver again";
        }

        var memberId = run.Customers.Keys.ElementAt(random.Next(run.Customers.Count));
        await Expect(run.Binding(memberId, Now, Now), () => AddCustomer(run, memberId, Now));
        return $"{memberId[..6]}'s binding delivered again";
    }

    /// <summary>A room the guide hosts goes live now, or its start (made earlier) is counted now; sometimes a start again.</summary>
    private async Task<string> GoLive(TaskRun run, Random random)
    {
        var (roomId, startedAt) = run.Rooms.Count > 0 && random.Next(4) == 0
            ? run.Rooms.ElementAt(random.Next(run.Rooms.Count))
            : KeyValuePair.Create($"room/{Shop.NewId("room")}", random.Next(3) == 0 ? Now - TimeSpan.FromMinutes(random.Next(1, 30)) : Now);
        await Expect(run.Counting(GuideTaskKind.GoLive, roomId, startedAt, Now), () => CountRoom(run, roomId, startedAt));
        return $"{roomId[..10]} goes live at {startedAt:HH:mm:ss}";
    }

    /// <summary>The guide app reports a forward: to a task of any kind or none, new or again.</summary>
    private async Task<string> Forward(TaskRun run, Random random)
    {
        var taskId = run.Tasks.Count > 0 && random.Next(8) != 0 ? run.Tasks.Keys.ElementAt(random.Next(run.Tasks.Count)) : "task-unknown";
        var forwardId = run.Forwards.Count > 0 && random.Next(4) == 0 ? run.Forwards[random.Next(run.Forwards.Count)] : Shop.NewId("fw");
        run.Forwards.Add(forwardId);
        await Expect(run.Forwarding(taskId, forwardId, Now), () => run.Guide.ReportForward(taskId, forwardId));
        return $"forward {forwardId[..6]} for {taskId}";
    }

    /// <summary>The same binding, room start or forward arrives twice at once: both are answered, it counts once.</summary>
    private async Task<string> TwiceAtOnce(TaskRun run, Random random)
    {
        var now = Now;
        switch (random.Next(3))
        {
            case 0:
                var memberId = Shop.NewId("m");
                var expected = run.Binding(memberId, now, now);
                await Task.WhenAll(Expect(expected, () => AddCustomer(run, memberId, now)), Expect(expected, () => AddCustomer(run, memberId, now)));
                return $"{memberId[..6]} binds, delivered twice at once";
            case 1:
                var roomId = $"room/{Shop.NewId("room")}";
                var counted = run.Counting(GuideTaskKind.GoLive, roomId, now, now);
                await Task.WhenAll(Expect(counted, () => CountRoom(run, roomId, now)), Expect(counted, () => CountRoom(run, roomId, now)));
                return $"{roomId[..10]} goes live, counted twice at once";
            default:
                var forwardTasks = run.Tasks.Values.Where(t => t.Terms.Kind == GuideTaskKind.ForwardMaterial).ToList();
                if (forwardTasks.Count == 0)
                {
                    return "no forward task to report to twice";
                }

                var taskId = forwardTasks[random.Next(forwardTasks.Count)].Terms.TaskId;
                var forwardId = Shop.NewId("fw");
                run.Forwards.Add(forwardId);
                var answer = run.Forwarding(taskId, forwardId, now);
                await Task.WhenAll(Expect(answer, () => run.Guide.ReportForward(taskId, forwardId)), Expect(answer, () => run.Guide.ReportForward(taskId, forwardId)));
                return $"forward {forwardId[..6]} for {taskId}, twice at once";
        }
    }

    /// <summary>A PK pays the guide for a target reached; a PK retrying an award whose answer was late pays nothing more.</summary>
    private async Task<string> Award(TaskRun run, Random random)
    {
        var awardId = run.Awards.Count > 0 && random.Next(3) == 0 ? run.Awards.ElementAt(random.Next(run.Awards.Count)) : $"pk:{Shop.NewId("pk")}";
        await Expect(run.Awarding(awardId), () => Award(run, awardId));
        return $"award {awardId[..8]}";
    }

    /// <summary>Tasks given until the guide holds all it keeps; the next is refused until ended ones are a month old.</summary>
    private async Task<string> ACampaignFillsTheList(TaskRun run, Random random)
    {
        for (var given = 0; ; given++)
        {
            var terms = NewTerms(run, random, due: Now + TimeSpan.FromMinutes(random.Next(60, 360)));
            var expected = run.Assigning(terms, Now);
            await Expect(expected, () => run.Guide.AssignTask(terms));
            if (expected.Refused is not null)
            {
                Assert.Equal(ErrorCodes.TooManyTasks, expected.Refused);
                return $"a campaign gives {given} tasks; the next is refused";
            }
        }
    }

    private string Advance(Random random)
    {
        var by = random.Next(4) == 0 ? TimeSpan.FromMinutes(random.Next(60, 180)) : TimeSpan.FromMinutes(random.Next(1, 40));
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by.TotalMinutes} min pass";
    }

    /// <summary>Ended tasks are forgotten a month after they end, when the next task is given.</summary>
    private string AMonthPasses()
    {
        SeededRuns.LetTimePass(fixture.Clock, GuideTasks.KeptAfterEnd + TimeSpan.FromDays(1));
        return "a month passes";
    }

    private async Task<string> Restart(TaskRun run)
    {
        await Activations.Deactivate(fixture.Grains, run.Guide);
        return "the guide leaves memory";
    }

    /// <summary>
    /// Something that changes the guide's tasks or coins is stored through a write that fails, or lands with its answer
    /// lost; the caller (the member's outbox, the room, the guide app, the PK, operations) asks again, and it counts once.
    /// </summary>
    private async Task<string> ThroughAFailedWrite(TaskRun run, Random random)
    {
        var answerLost = random.Next(2) == 0;
        var now = Now;
        var openForwardTask = run.Tasks.Values.FirstOrDefault(t => t.Terms.Kind == GuideTaskKind.ForwardMaterial && t.StatusAt(now) == GuideTaskStatus.Open);
        var openCustomerTask = run.Tasks.Values.FirstOrDefault(t => t.Terms.Kind == GuideTaskKind.AddCustomers && t.StatusAt(now) == GuideTaskStatus.Open);
        var openLiveTask = run.Tasks.Values.FirstOrDefault(t => t.Terms.Kind == GuideTaskKind.GoLive && t.StatusAt(now) == GuideTaskStatus.Open);

        // Only what the model says is stored: a call that changes nothing writes nothing, and the fault would wait.
        (Expected Answer, Func<Task<string>> Call, string Told) change = random.Next(5) switch
        {
            0 when openForwardTask is not null => ForwardTo(openForwardTask.Terms.TaskId),
            1 when openCustomerTask is not null => Bind(Shop.NewId("m")),
            2 when openLiveTask is not null => StartRoom($"room/{Shop.NewId("room")}"),
            3 => AwardNew($"pk:{Shop.NewId("pk")}"),
            _ when run.Tasks.Count < GuideTasks.MaxKept => Give(NewTerms(run, random, due: now + TimeSpan.FromMinutes(random.Next(5, 360)))),
            _ => AwardNew($"pk:{Shop.NewId("pk")}"),
        };

        fixture.StorageFaults.BreakNextWrite(run.Guide.GetGrainId(), "guide", answerLost);
        var first = await Record.ExceptionAsync(change.Call);
        Assert.Contains("Injected failure", first?.ToString());
        Assert.False(fixture.StorageFaults.WriteFailurePending(run.Guide.GetGrainId(), "guide") || fixture.StorageFaults.AnswerLossPending(run.Guide.GetGrainId(), "guide"));

        var (answer, refused) = await SeededRuns.Attempt(change.Call, retryUnavailable: true);
        Assert.Equal(change.Answer.Refused, refused);
        Assert.Equal(change.Answer.Task, answer);
        return $"{change.Told} through a write {(answerLost ? "whose answer was lost" : "that failed")}";

        (Expected, Func<Task<string>>, string) ForwardTo(string taskId)
        {
            var forwardId = Shop.NewId("fw");
            run.Forwards.Add(forwardId);
            return (run.Forwarding(taskId, forwardId, now), async () => Describe(await run.Guide.ReportForward(taskId, forwardId)), $"forward for {taskId}");
        }

        (Expected, Func<Task<string>>, string) Bind(string memberId) =>
            (run.Binding(memberId, now, now), () => AddCustomer(run, memberId, now), $"{memberId[..6]} binds");

        (Expected, Func<Task<string>>, string) StartRoom(string roomId) =>
            (run.Counting(GuideTaskKind.GoLive, roomId, now, now), () => CountRoom(run, roomId, now), $"{roomId[..10]} goes live");

        (Expected, Func<Task<string>>, string) AwardNew(string awardId) =>
            (run.Awarding(awardId), () => Award(run, awardId), $"award {awardId[..8]}");

        (Expected, Func<Task<string>>, string) Give(AssignGuideTask terms) =>
            (run.Assigning(terms, now), async () => Describe(await run.Guide.AssignTask(terms)), $"give {terms.TaskId}");
    }

    /// <summary>After every step: the guide's tasks, in the list's order, and its coins are the model's.</summary>
    private async Task Check(TaskRun run)
    {
        var now = Now;
        Assert.Equal(run.TasksAt(now).Select(Describe), (await run.Guide.GetTasks()).Select(Describe));
        Assert.Equal(run.Coins, (await run.Guide.GetView())!.Coins);
    }

    private static AssignGuideTask NewTerms(TaskRun run, Random random, DateTimeOffset due)
    {
        var kind = (GuideTaskKind)random.Next(3);
        var target = random.Next(1, 5);
        return new AssignGuideTask($"task-{++run.TasksNamed}", kind, $"{target} {kind}", target, Coins: random.Next(1, 20) * 10, due);
    }

    /// <summary>Calls that answer nothing of their own answer the tasks' state afterwards, so the model's answer can say it.</summary>
    private static async Task<string> AddCustomer(TaskRun run, string memberId, DateTimeOffset boundAt)
    {
        await run.Guide.AddCustomer(memberId, boundAt);
        return "";
    }

    private static async Task<string> CountRoom(TaskRun run, string roomId, DateTimeOffset startedAt)
    {
        await run.Guide.CountTowardTasks(GuideTaskKind.GoLive, roomId, startedAt);
        return "";
    }

    private static async Task<string> Award(TaskRun run, string awardId)
    {
        await run.Guide.AwardCoins(awardId, TaskRun.AwardCoins, "PK target reached");
        return "";
    }

    /// <summary>Runs the call and compares its answer (or refusal) with the model's.</summary>
    private static async Task Expect(Expected expected, Func<Task<string>> call)
    {
        var (answer, refused) = await SeededRuns.Attempt(call);
        Assert.Equal(expected.Refused, refused);
        Assert.Equal(expected.Task, answer);
    }

    private static async Task Expect(Expected expected, Func<Task<GuideTask>> call) =>
        await Expect(expected, async () => Describe(await call()));

    private static string Describe(GuideTask t) =>
        $"{t.TaskId} {t.Kind} '{t.Title}' {t.Progress}/{t.Target} {t.Coins} coins {t.Status} given {t.AssignedAt:O} due {t.DueAt:O} done {t.CompletedAt:O}";

    /// <summary>What a call must answer: the task as it stands after it (or "" for calls that answer nothing), or a refusal.</summary>
    private sealed record Expected(string? Task, string? Refused);

    /// <summary>The guide and the model of its tasks, customers, rooms, forwards, awards and coins.</summary>
    private sealed class TaskRun(IGuideGrain guide, long coins)
    {
        public const long AwardCoins = 50;

        public IGuideGrain Guide { get; } = guide;

        public long Coins { get; private set; } = coins;

        public int TasksNamed { get; set; }

        public Dictionary<string, TaskInModel> Tasks { get; } = [];

        /// <summary>Members bound to the guide, and when (a binding delivered again keeps its first time).</summary>
        public Dictionary<string, DateTimeOffset> Customers { get; } = [];

        public Dictionary<string, DateTimeOffset> Rooms { get; } = [];

        public List<string> Forwards { get; } = [];

        public HashSet<string> Awards { get; } = [];

        /// <summary>
        /// Giving a task: a repeat is answered (before any check of its time), then the due time, then ended tasks a month
        /// old are forgotten, then the most a guide keeps.
        /// </summary>
        public Expected Assigning(AssignGuideTask terms, DateTimeOffset now)
        {
            if (Tasks.TryGetValue(terms.TaskId, out var known))
            {
                return known.Terms == terms ? new Expected(Describe(known.View(now)), null) : new Expected(null, ErrorCodes.TaskConflict);
            }

            if (terms.DueAt <= now || terms.DueAt > now + AssignGuideTask.MaxLeadTime)
            {
                return new Expected(null, ErrorCodes.ValidationFailed);
            }

            foreach (var ended in Tasks.Values.Where(t => t.StatusAt(now) != GuideTaskStatus.Open && (t.CompletedAt ?? t.Terms.DueAt) < now - GuideTasks.KeptAfterEnd).ToList())
            {
                Tasks.Remove(ended.Terms.TaskId);
            }

            if (Tasks.Count >= GuideTasks.MaxKept)
            {
                return new Expected(null, ErrorCodes.TooManyTasks);
            }

            var task = new TaskInModel(terms, now);
            Tasks[terms.TaskId] = task;
            return new Expected(Describe(task.View(now)), null);
        }

        public Expected Binding(string memberId, DateTimeOffset boundAt, DateTimeOffset now)
        {
            var first = Customers.TryAdd(memberId, boundAt) ? boundAt : Customers[memberId];
            return Counting(GuideTaskKind.AddCustomers, $"member/{memberId}", first, now);
        }

        /// <summary>Counts toward every task of the kind whose window holds <paramref name="at"/>, not yet done, once per id.</summary>
        public Expected Counting(GuideTaskKind kind, string happenedId, DateTimeOffset at, DateTimeOffset now)
        {
            if (kind == GuideTaskKind.GoLive)
            {
                Rooms.TryAdd(happenedId, at);
            }

            foreach (var task in Tasks.Values.Where(t => t.Terms.Kind == kind && t.CompletedAt is null && at >= t.AssignedAt && at < t.Terms.DueAt))
            {
                if (task.Counted.Add(happenedId) && task.Counted.Count >= task.Terms.Target)
                {
                    task.CompletedAt = now;
                    Coins += task.Terms.Coins;
                }
            }

            return new Expected("", null);
        }

        /// <summary>A forward: the task must exist and be a forward task; a counted one is answered, also once due; then its time.</summary>
        public Expected Forwarding(string taskId, string forwardId, DateTimeOffset now)
        {
            if (!Tasks.TryGetValue(taskId, out var task))
            {
                return new Expected(null, ErrorCodes.UnknownTask);
            }

            if (task.Terms.Kind != GuideTaskKind.ForwardMaterial)
            {
                return new Expected(null, ErrorCodes.NotAForwardTask);
            }

            if (!task.Counted.Contains(forwardId) && task.CompletedAt is null)
            {
                if (task.StatusAt(now) == GuideTaskStatus.Expired)
                {
                    return new Expected(null, ErrorCodes.TaskExpired);
                }

                task.Counted.Add(forwardId);
                if (task.Counted.Count >= task.Terms.Target)
                {
                    task.CompletedAt = now;
                    Coins += task.Terms.Coins;
                }
            }

            return new Expected(Describe(task.View(now)), null);
        }

        public Expected Awarding(string awardId)
        {
            if (Awards.Add(awardId))
            {
                Coins += AwardCoins;
            }

            return new Expected("", null);
        }

        /// <summary>The list: open tasks first, soonest due first; then the ended ones, latest due first; then by id.</summary>
        public IEnumerable<GuideTask> TasksAt(DateTimeOffset now) =>
            Tasks.Values.Select(t => t.View(now))
                .OrderBy(t => t.Status == GuideTaskStatus.Open ? 0 : 1)
                .ThenBy(t => t.Status == GuideTaskStatus.Open ? t.DueAt.UtcTicks : -t.DueAt.UtcTicks)
                .ThenBy(t => t.TaskId, StringComparer.Ordinal);
    }

    private sealed class TaskInModel(AssignGuideTask terms, DateTimeOffset assignedAt)
    {
        public AssignGuideTask Terms { get; } = terms;

        public DateTimeOffset AssignedAt { get; } = assignedAt;

        public HashSet<string> Counted { get; } = [];

        public DateTimeOffset? CompletedAt { get; set; }

        public GuideTaskStatus StatusAt(DateTimeOffset now) =>
            CompletedAt is not null ? GuideTaskStatus.Done : now >= Terms.DueAt ? GuideTaskStatus.Expired : GuideTaskStatus.Open;

        public GuideTask View(DateTimeOffset now) =>
            new(Terms.TaskId, Terms.Kind, Terms.Title, Terms.Target, Counted.Count, Terms.Coins, StatusAt(now), AssignedAt, Terms.DueAt, CompletedAt);
    }
}
