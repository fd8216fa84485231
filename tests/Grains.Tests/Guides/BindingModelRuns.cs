using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Calendar;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Guides;

/// <summary>
/// Long seeded random runs of members binding to guides — cards scanned (the first scan wins), two cards scanned at
/// once, operations reassigning, a guide that does not exist, bindings whose delivery to the guide fails (the member
/// can bind again only once it is delivered) or whose member write lands with its answer lost, time passing over
/// midnight, members and guides leaving memory — checked after every step against a model: what each scan is answered,
/// each member's guide, each guide's customers, and each guide's new members today. So a member is always exactly one
/// guide's customer, and a guide counts a member it gained once a day.
/// </summary>
public abstract class BindingModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 200;

    private static readonly Actor Ops = new("ops-1", "Operations", Roles.Ops);

    private readonly LocalCalendar _calendar = new(Options.Create(new CalendarOptions()), fixture.Clock);

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = await BindingRun.Open(fixture.Grains, _calendar);
        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertBindings(run));
    }

    private async Task<string> Step(BindingRun run, Random random) => random.Next(100) switch
    {
        < 34 => await Bind(run, random, reassign: false),
        < 48 => await Bind(run, random, reassign: true),
        < 58 => await ScanTwoCardsAtOnce(run, random),
        < 68 => await BindThroughAFailedDelivery(run, random),
        < 74 => await BindThroughALostAnswer(run, random),
        < 88 => Advance(random),
        _ => await Restart(run, random),
    };

    /// <summary>A member scans a guide's card (the first scan wins), or operations reassign them; now and then to a guide that does not exist.</summary>
    private async Task<string> Bind(BindingRun run, Random random, bool reassign)
    {
        var member = run.RandomMember(random);
        var guideId = random.Next(10) == 0 ? Shop.NewId("no-such-guide") : run.Guides[random.Next(run.Guides.Count)];
        var before = member.GuideId is { } current ? Short(current) : "nobody's";
        var (binding, refused) = await SeededRuns.Attempt(() => run.Member(member.MemberId).BindGuide(guideId, reassign));
        run.Bound(member, guideId, reassign, binding, refused, fixture.Clock.GetUtcNow(), _calendar);
        return $"{(reassign ? "ops move" : "scan")} {Short(member.MemberId)} ({before}) to {Short(guideId)}: {refused ?? (binding!.Changed ? "bound" : "kept")}";
    }

    /// <summary>Two guides' cards scanned at once by a member: one binding, the same answer to both.</summary>
    private async Task<string> ScanTwoCardsAtOnce(BindingRun run, Random random)
    {
        var member = run.RandomMember(random);
        var guides = run.Guides.OrderBy(_ => random.Next()).Take(2).ToList();
        var answers = await Task.WhenAll(guides.Select(g => SeededRuns.Attempt(() => run.Member(member.MemberId).BindGuide(g, reassign: false))));

        Assert.All(answers, a => Assert.Null(a.Refused));
        Assert.Equal(answers[0].Answer!.GuideId, answers[1].Answer!.GuideId);
        Assert.Equal(member.GuideId is null ? 1 : 0, answers.Count(a => a.Answer!.Changed));
        var first = answers.First(a => a.Answer!.Changed || member.GuideId is not null).Answer!;
        run.Bound(member, first.GuideId, reassign: false, first, null, fixture.Clock.GetUtcNow(), _calendar);
        return $"{Short(member.MemberId)} scans two cards at once: {Short(member.GuideId!)}";
    }

    /// <summary>
    /// Operations move a member, and the new guide's customer list cannot be written: the member is bound (stored
    /// first), and the guide hears of it when the member's outbox tries again — after a few seconds, or at once when the
    /// member is bound again (a binding delivers what is left of the one before it first).
    /// </summary>
    private async Task<string> BindThroughAFailedDelivery(BindingRun run, Random random)
    {
        var member = run.RandomMember(random);
        var guideId = run.Guides.Where(g => g != member.GuideId).ElementAt(random.Next(run.Guides.Count - (member.GuideId is null ? 0 : 1)));
        var owner = $"customers/{guideId}";
        fixture.StorageFaults.FailNextAppend(owner);

        var (binding, refused) = await SeededRuns.Attempt(() => run.Member(member.MemberId).BindGuide(guideId, reassign: true));
        Assert.Null(refused);
        Assert.False(fixture.StorageFaults.AppendFailurePending(owner));
        Assert.DoesNotContain(await run.Guide(guideId).GetCustomers(), c => c.MemberId == member.MemberId);
        run.Bound(member, guideId, reassign: true, binding, null, fixture.Clock.GetUtcNow(), _calendar);

        if (random.Next(2) == 0)
        {
            SeededRuns.LetTimePass(fixture.Clock, SeededRuns.OutboxRetry);
            await SeededRuns.Until(() => run.Guide(guideId).GetCustomers(), c => c.Any(c => c.MemberId == member.MemberId), _ => $"{guideId} did not hear of {member.MemberId} again");
            return $"ops move {Short(member.MemberId)} to {Short(guideId)} through a failed delivery, delivered again";
        }

        var (again, _) = await SeededRuns.Attempt(() => run.Member(member.MemberId).BindGuide(guideId, reassign: false));
        Assert.Equal((guideId, false), (again!.GuideId, again.Changed));
        return $"ops move {Short(member.MemberId)} to {Short(guideId)} through a failed delivery, scanned again";
    }

    /// <summary>The member's binding is stored but its answer lost: the retry is answered with that binding, and the guide hears of it once.</summary>
    private async Task<string> BindThroughALostAnswer(BindingRun run, Random random)
    {
        var member = run.RandomMember(random);
        var guideId = run.Guides.Where(g => g != member.GuideId).ElementAt(random.Next(run.Guides.Count - (member.GuideId is null ? 0 : 1)));
        var grain = run.Member(member.MemberId);
        fixture.StorageFaults.LoseNextWriteAnswer(grain.GetGrainId(), "member");

        var first = await Record.ExceptionAsync(() => grain.BindGuide(guideId, reassign: true));
        var (binding, refused) = await SeededRuns.Attempt(() => grain.BindGuide(guideId, reassign: true), retryUnavailable: true);

        Assert.Contains("Injected failure", first?.ToString());
        Assert.Null(refused);
        Assert.False(binding!.Changed);
        Assert.Equal(guideId, binding.GuideId);
        run.Bound(member, guideId, reassign: true, binding with { Changed = true }, null, fixture.Clock.GetUtcNow(), _calendar);
        return $"ops move {Short(member.MemberId)} to {Short(guideId)} through a lost answer";
    }

    /// <summary>Seconds pass, or a day (a new day's new members).</summary>
    private string Advance(Random random)
    {
        var by = random.Next(6) == 0 ? TimeSpan.FromHours(random.Next(6, 30)) : TimeSpan.FromSeconds(random.Next(0, 90));
        SeededRuns.LetTimePass(fixture.Clock, by);
        return $"{by} passes";
    }

    private async Task<string> Restart(BindingRun run, Random random)
    {
        var (grain, what) = random.Next(2) == 0
            ? ((IGrain)run.Member(run.RandomMember(random).MemberId), "a member")
            : (run.Guide(run.Guides[random.Next(run.Guides.Count)]), "a guide");
        await Activations.Deactivate(fixture.Grains, grain);
        return $"restart {what}";
    }

    /// <summary>Each member has the model's guide; each guide has exactly the members bound to it, and today's new members.</summary>
    private async Task AssertBindings(BindingRun run)
    {
        foreach (var member in run.Members)
        {
            var profile = await run.Member(member.MemberId).GetProfile();
            Assert.Equal((member.GuideId, member.BoundAt), (profile!.GuideId, profile.GuideBoundAt));
        }

        var today = _calendar.Today();
        foreach (var guideId in run.Guides)
        {
            var customers = await run.Guide(guideId).GetCustomers();
            var expected = run.Members.Where(m => m.GuideId == guideId).Select(m => (m.MemberId, m.BoundAt!.Value)).OrderBy(m => m.MemberId, StringComparer.Ordinal);
            Assert.Equal(expected, customers.Select(c => (c.MemberId, c.BoundAt)).OrderBy(m => m.MemberId, StringComparer.Ordinal));

            var view = (await run.Guide(guideId).GetView())!;
            Assert.Equal(today, view.Today.Date);
            Assert.True(run.NewMembers(guideId, today) == view.Today.NewMembers, $"{guideId} counts {view.Today.NewMembers} new members today, not {run.NewMembers(guideId, today)}");
        }
    }

    private static string Short(string id) => id[^6..];

    private sealed class MemberInModel(string memberId)
    {
        public string MemberId { get; } = memberId;

        public string? GuideId { get; set; }

        public DateTimeOffset? BoundAt { get; set; }
    }

    private sealed class BindingRun(IGrainFactory grains, List<string> guides, List<MemberInModel> members)
    {
        /// <summary>The members each guide gained, by the day it gained them.</summary>
        private readonly HashSet<(string GuideId, DateOnly Day, string MemberId)> _gained = [];

        public List<string> Guides { get; } = guides;

        public List<MemberInModel> Members { get; } = members;

        /// <summary>The shop's two guides and a third, and six members.</summary>
        public static async Task<BindingRun> Open(IGrainFactory grains, LocalCalendar calendar)
        {
            var shop = await Shop.Open(grains);
            var third = Shop.NewId("guide");
            await grains.GetGrain<IGuideGrain>(third).Define(new GuideProfile(third, "Zhao Lei", shop.DirectStore, "team-pudong" + shop.Member));
            // The shop's own member, bound to its direct guide, and five bound to nobody.
            var shopMember = (await grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!;
            var members = new List<MemberInModel> { new(shop.Member) { GuideId = shopMember.GuideId, BoundAt = shopMember.GuideBoundAt } };
            for (var i = 0; i < 5; i++)
            {
                var member = Shop.NewId("m");
                await shop.NewMember(member);
                members.Add(new MemberInModel(member));
            }

            var run = new BindingRun(grains, [shop.DirectGuide, shop.FranchiseGuide, third], members);
            run._gained.Add((shop.DirectGuide, calendar.DayOf(shopMember.GuideBoundAt!.Value), shop.Member));
            return run;
        }

        public IMemberGrain Member(string memberId) => grains.GetGrain<IMemberGrain>(memberId);

        public IGuideGrain Guide(string guideId) => grains.GetGrain<IGuideGrain>(guideId);

        public MemberInModel RandomMember(Random random) => Members[random.Next(Members.Count)];

        public int NewMembers(string guideId, DateOnly day) => _gained.Count(g => g.GuideId == guideId && g.Day == day);

        /// <summary>Checks a binding's answer against the model (the first scan wins; operations move; no such guide), and keeps a change.</summary>
        public void Bound(MemberInModel member, string guideId, bool reassign, GuideBinding? binding, string? refused, DateTimeOffset now, LocalCalendar calendar)
        {
            var keeps = member.GuideId == guideId || (member.GuideId is not null && !reassign);
            if (!keeps && !Guides.Contains(guideId))
            {
                Assert.Equal(ErrorCodes.UnknownGuide, refused);
                return;
            }

            Assert.Null(refused);
            if (keeps)
            {
                Assert.Equal((member.MemberId, member.GuideId, member.BoundAt, false), (binding!.MemberId, binding.GuideId, binding.BoundAt, binding.Changed));
                return;
            }

            Assert.Equal((member.MemberId, guideId, true), (binding!.MemberId, binding.GuideId, binding.Changed));
            Assert.True(binding.BoundAt <= now, $"bound at {binding.BoundAt:O}, after now {now:O}");
            member.GuideId = guideId;
            member.BoundAt = binding.BoundAt;
            _gained.Add((guideId, calendar.DayOf(binding.BoundAt), member.MemberId));
        }
    }
}
