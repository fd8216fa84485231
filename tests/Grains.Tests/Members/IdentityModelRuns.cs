using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>
/// Long seeded random runs of members claiming identities (openids, unionids, phones), new ones joining as people sign
/// up — updates naming identities of their own, free ones and other members' (alone; two members at once over a shared
/// one; one held half done, at a claim or at its member write, while another runs); an update whose member write fails
/// (then given up or sent again) or lands with its answer lost; an identity whose claim or check fails to store or
/// stores with its answer lost; members and identities leaving memory — checked after every step against a model: each
/// update is taken whole or refused whole (<c>identity-claimed</c>, <c>too-many-identities</c>), each member's stored
/// identities and name, and each identity's owner as resolving it answers. So an identity belongs to one member at
/// most, and a claim left by a write that failed never keeps it from another.
/// </summary>
public abstract class IdentityModelRuns(FakeClockClusterFixture fixture)
{
    private const int Steps = 150;

    /// <summary>One run: the steps <paramref name="seed"/> picks, checked after each.</summary>
    protected async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var run = new IdentityRun(fixture.Grains);
        await SeededRuns.Run(seed, Steps, () => Step(run, random), () => AssertIdentities(run));
    }

    private async Task<string> Step(IdentityRun run, Random random) => random.Next(100) switch
    {
        < 36 => await Update(run, random),
        < 50 => await UpdateTwoAtOnce(run, random),
        < 58 => await UpdateWhileAnotherIsUnderWay(run, random),
        < 72 => await UpdateThroughABrokenMemberWrite(run, random),
        < 86 => await UpdateThroughABrokenIdentityWrite(run, random),
        < 93 => await Restart(run.Member(run.MemberIds[random.Next(run.MemberIds.Length)]), "a member"),
        _ => run.Pool.Count == 0 ? "no identity to restart" : await Restart(run.Identity(run.Pool[random.Next(run.Pool.Count)]), "an identity"),
    };

    /// <summary>One member's update: taken whole when none of the identities it adds is another member's (and it keeps no more than it may), else refused whole.</summary>
    private static async Task<string> Update(IdentityRun run, Random random)
    {
        var (memberId, update) = run.NewUpdate(random);
        var (profile, refused) = await SeededRuns.Attempt(() => run.Member(memberId).Upsert(update));
        Assert.Equal(run.Refusal(memberId, update), refused);
        if (refused is null)
        {
            run.Took(memberId, update);
            Assert.Equal(run.Expected(memberId), Holding(profile!));
        }

        return $"{Describe(memberId, update)}: {refused ?? "taken"}";
    }

    /// <summary>
    /// Two members update at once, naming some of the same identities: each is taken whole or refused whole, never both
    /// given one identity; an update that nothing contests is taken.
    /// </summary>
    private static async Task<string> UpdateTwoAtOnce(IdentityRun run, Random random)
    {
        var members = run.MemberIds.OrderBy(_ => random.Next()).Take(2).ToArray();
        var shared = run.Pool.Count == 0 || random.Next(3) == 0 ? run.NewIdentity(random) : run.Pool[random.Next(run.Pool.Count)];
        var updates = members.Select(m => run.NewUpdate(random, m, shared)).ToArray();
        var answers = await Task.WhenAll(updates.Select(u => SeededRuns.Attempt(() => run.Member(u.MemberId).Upsert(u.Update))));

        var outcomes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (memberId, update) = updates[i];
            var refused = answers[i].Refused;
            if (run.TooMany(memberId, update))
            {
                Assert.Equal(ErrorCodes.TooManyIdentities, refused);
                outcomes.Add($"{Describe(memberId, update)}: {refused}");
                continue;
            }

            Assert.True(refused is null or ErrorCodes.IdentityClaimed, $"{memberId} was refused with {refused}");
            if (!run.Conflicts(memberId, update) && !updates[1 - i].Update.Identities.Intersect(update.Identities).Except(run.Held(memberId)).Any())
            {
                // Nothing the other asked for, nor any other member's: it must be taken.
                Assert.Null(refused);
            }

            if (refused is null)
            {
                Assert.False(run.Conflicts(memberId, update), $"{Describe(memberId, update)} was taken, but another member holds one of them");
                run.Took(memberId, update);
            }

            outcomes.Add($"{Describe(memberId, update)}: {refused ?? "taken"}");
        }

        return "at once: " + string.Join(" | ", outcomes);
    }

    /// <summary>
    /// One member's update is held half done, and another's naming one of the same identities runs meanwhile. Held at
    /// its member write (every identity claimed, none stored yet): the other is refused, the identity being stored —
    /// and the held write may then fail (the identity is free again) or land with its answer lost (it is the first's).
    /// Held at the claim of an identity before the shared one: the other, seeing it free, takes it, and the first is
    /// refused when its turn to claim it comes, giving back what it had claimed.
    /// </summary>
    private async Task<string> UpdateWhileAnotherIsUnderWay(IdentityRun run, Random random)
    {
        var members = run.MemberIds.Where(m => run.Held(m).Count() + 2 <= MemberIdentity.MaxPerMember).OrderBy(_ => random.Next()).Take(2).ToArray();
        if (members.Length < 2)
        {
            return await Update(run, random);
        }

        MemberIdentity[] free = [run.NewIdentity(random), run.NewIdentity(random)];

        var (first, second) = (run.Member(members[0]), run.Member(members[1]));
        var (firstUpdate, secondUpdate) = (new MemberUpdate("First", [.. free], null), new MemberUpdate("Second", [free[1]], null));

        // What the held write then does: lands (null), fails (false), or lands with its answer lost (true).
        var (held, breaks) = random.Next(4) switch
        {
            0 => (Held.AtAClaim, (bool?)null),
            1 => (Held.AtTheMemberWrite, false),
            2 => (Held.AtTheMemberWrite, true),
            _ => (Held.AtTheMemberWrite, null),
        };
        var (heldGrain, heldState) = held == Held.AtTheMemberWrite ? (first.GetGrainId(), "member") : (run.Identity(free[0]).GetGrainId(), "identity");
        var release = fixture.StorageFaults.HoldNextWrite(heldGrain, heldState);
        if (breaks is { } answerLost)
        {
            fixture.StorageFaults.BreakNextWrite(heldGrain, heldState, answerLost);
        }

        var firstCall = Record.ExceptionAsync(() => first.Upsert(firstUpdate));
        await SeededRuns.Until(() => Task.FromResult(!fixture.StorageFaults.WriteHoldPending(heldGrain, heldState)), () => "the first update never reached its held write");
        var (_, secondRefused) = await SeededRuns.Attempt(() => second.Upsert(secondUpdate));
        release.SetResult();
        var firstFailure = await firstCall;

        var how = held == Held.AtAClaim ? "at a claim"
            : breaks switch { false => "at its member write, which then fails", true => "at its member write, whose answer is then lost", null => "at its member write" };
        if (held == Held.AtAClaim)
        {
            Assert.Null(secondRefused);
            Assert.Equal(ErrorCodes.IdentityClaimed, (firstFailure as DomainException)?.Code);
            run.Took(members[1], secondUpdate);
            return $"{Describe(members[0], firstUpdate)} held {how}; {Describe(members[1], secondUpdate)} meanwhile: the second taken";
        }

        Assert.Equal(ErrorCodes.IdentityClaimed, secondRefused);
        if (breaks is null)
        {
            Assert.Null(firstFailure);
            run.Took(members[0], firstUpdate);
        }
        else
        {
            Assert.Contains("Injected failure", firstFailure?.ToString());
            await Activations.Deactivate(fixture.Grains, first);
            if (breaks == true)
            {
                run.Took(members[0], firstUpdate);
            }
        }

        return $"{Describe(members[0], firstUpdate)} held {how}; {Describe(members[1], secondUpdate)} meanwhile: refused";
    }

    /// <summary>
    /// The member's write fails (nothing stored: the update is given up, or sent again) or lands with its answer lost
    /// (stored: a retry is taken as it is). Either way its claims must not keep the identities from anyone else.
    /// </summary>
    private async Task<string> UpdateThroughABrokenMemberWrite(IdentityRun run, Random random)
    {
        var (memberId, update) = run.NewUpdate(random);
        if (run.Refusal(memberId, update) is not null)
        {
            return await Update(run, random);
        }

        var member = run.Member(memberId);
        var answerLost = random.Next(2) == 0;
        fixture.StorageFaults.BreakNextWrite(member.GetGrainId(), "member", answerLost);
        var first = await Record.ExceptionAsync(() => member.Upsert(update));
        Assert.Contains("Injected failure", first?.ToString());
        Assert.False(fixture.StorageFaults.WriteFailurePending(member.GetGrainId(), "member") || fixture.StorageFaults.AnswerLossPending(member.GetGrainId(), "member"));

        // The activation the failure leaves behind (which still counts its claims as being stored) goes.
        await Activations.Deactivate(fixture.Grains, member);
        if (answerLost)
        {
            run.Took(memberId, update);
        }

        var how = answerLost ? "its answer lost" : "failing";
        if (random.Next(2) == 0)
        {
            return $"{Describe(memberId, update)} through a member write {how}, given up";
        }

        var (profile, refused) = await SeededRuns.Attempt(() => member.Upsert(update));
        Assert.Equal(run.Refusal(memberId, update), refused);
        if (refused is null)
        {
            run.Took(memberId, update);
            Assert.Equal(run.Expected(memberId), Holding(profile!));
        }

        return $"{Describe(memberId, update)} through a member write {how}, sent again: {refused ?? "taken"}";
    }

    /// <summary>
    /// The next write of an identity the update adds fails or lands with its answer lost (its claim, or the clearing of
    /// a claim left behind): the update fails, nothing of it is stored, and the identity stays free for anyone.
    /// </summary>
    private async Task<string> UpdateThroughABrokenIdentityWrite(IdentityRun run, Random random)
    {
        var (memberId, update) = run.NewUpdate(random);
        var adding = update.Identities.Except(run.Held(memberId)).ToList();
        if (adding.Count == 0 || run.Refusal(memberId, update) is not null)
        {
            return await Update(run, random);
        }

        var broken = run.Identity(adding[random.Next(adding.Count)]);
        var answerLost = random.Next(2) == 0;
        fixture.StorageFaults.BreakNextWrite(broken.GetGrainId(), "identity", answerLost);
        var first = await Record.ExceptionAsync(() => run.Member(memberId).Upsert(update));
        Assert.Contains("Injected failure", first?.ToString());
        Assert.False(fixture.StorageFaults.WriteFailurePending(broken.GetGrainId(), "identity") || fixture.StorageFaults.AnswerLossPending(broken.GetGrainId(), "identity"));
        return $"{Describe(memberId, update)} through an identity write {(answerLost ? "whose answer was lost" : "that failed")}";
    }

    private async Task<string> Restart(IGrain grain, string what)
    {
        await Activations.Deactivate(fixture.Grains, grain);
        return $"restart {what}";
    }

    /// <summary>Each member holds what the model gave it, under the name of its last update taken; each identity resolves to its holder or to no one.</summary>
    private static async Task AssertIdentities(IdentityRun run)
    {
        foreach (var memberId in run.MemberIds)
        {
            var (profile, _) = await SeededRuns.Attempt(() => run.Member(memberId).GetProfile(), retryUnavailable: true);
            Assert.Equal(run.Expected(memberId), profile is null ? null : Holding(profile));
        }

        foreach (var identity in run.Pool)
        {
            var holder = run.HolderOf(identity);
            await SeededRuns.Until(() => run.Identity(identity).GetOwner(), owner => owner == holder, owner => $"{identity.Key} resolves to {owner ?? "no one"}, not {holder ?? "no one"}");
        }
    }

    private static (string Name, string Identities)? Holding(MemberProfile profile) =>
        (profile.Name, string.Join(", ", profile.Identities.Select(i => i.Key).Order(StringComparer.Ordinal)));

    private static string Describe(string memberId, MemberUpdate update) =>
        $"{memberId[^4..]} names [{string.Join(", ", update.Identities.Select(i => i.Key[^6..]))}]";

    /// <summary>Where an update is held half done while another runs.</summary>
    private enum Held
    {
        /// <summary>At the claim of the identity before the shared one: the shared one still free.</summary>
        AtAClaim,

        /// <summary>At the member's write: every identity claimed, none stored yet.</summary>
        AtTheMemberWrite,
    }

    private sealed class IdentityRun(IGrainFactory grains)
    {
        private readonly Dictionary<string, (string Name, HashSet<MemberIdentity> Identities)> _stored = [];

        public string[] MemberIds { get; } = [.. Enumerable.Range(0, 4).Select(_ => Shop.NewId("m"))];

        /// <summary>The identities named so far, for four members to claim: new ones keep coming, as people sign up.</summary>
        public List<MemberIdentity> Pool { get; } = [];

        public MemberIdentity NewIdentity(Random random)
        {
            var channel = IdentityChannel.All.ElementAt(random.Next(IdentityChannel.All.Count));
            var identity = new MemberIdentity(channel, Shop.NewId(channel));
            Pool.Add(identity);
            return identity;
        }

        public IMemberGrain Member(string memberId) => grains.GetGrain<IMemberGrain>(memberId);

        public IIdentityGrain Identity(MemberIdentity identity) => grains.GetGrain<IIdentityGrain>(identity.Key);

        /// <summary>
        /// A member's update naming up to three identities: new ones, and ones named before (its own, another member's,
        /// or no one's) — and <paramref name="including"/>, if given.
        /// </summary>
        public (string MemberId, MemberUpdate Update) NewUpdate(Random random, string? memberId = null, MemberIdentity? including = null)
        {
            memberId ??= MemberIds[random.Next(MemberIds.Length)];
            var identities = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => Pool.Count == 0 || random.Next(3) == 0 ? NewIdentity(random) : Pool[random.Next(Pool.Count)])
                .Distinct()
                .ToList();
            if (including is not null && !identities.Contains(including))
            {
                identities.Add(including);
            }

            return (memberId, new MemberUpdate($"Member {random.Next(100)}", [.. identities], null));
        }

        public IEnumerable<MemberIdentity> Held(string memberId) =>
            _stored.TryGetValue(memberId, out var stored) ? stored.Identities : [];

        public string? HolderOf(MemberIdentity identity) => _stored.FirstOrDefault(m => m.Value.Identities.Contains(identity)).Key;

        /// <summary>What the update must be refused with: too many identities for one member, or one of another member's; else nothing.</summary>
        public string? Refusal(string memberId, MemberUpdate update) =>
            TooMany(memberId, update) ? ErrorCodes.TooManyIdentities
            : Conflicts(memberId, update) ? ErrorCodes.IdentityClaimed
            : null;

        public bool TooMany(string memberId, MemberUpdate update) =>
            Held(memberId).Union(update.Identities).Count() > MemberIdentity.MaxPerMember;

        /// <summary>Whether an identity the update adds is another member's.</summary>
        public bool Conflicts(string memberId, MemberUpdate update) =>
            update.Identities.Any(i => HolderOf(i) is { } holder && holder != memberId);

        public void Took(string memberId, MemberUpdate update)
        {
            var identities = _stored.TryGetValue(memberId, out var stored) ? stored.Identities : [];
            identities.UnionWith(update.Identities);
            _stored[memberId] = (update.Name, identities);
        }

        public (string Name, string Identities)? Expected(string memberId) =>
            _stored.TryGetValue(memberId, out var stored)
                ? (stored.Name, string.Join(", ", stored.Identities.Select(i => i.Key).Order(StringComparer.Ordinal)))
                : null;
    }
}
