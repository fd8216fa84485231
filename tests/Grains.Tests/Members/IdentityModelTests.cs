namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>The runs of members claiming identities, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class IdentityModelTests(FakeClockClusterFixture fixture) : IdentityModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(4);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfMembersClaimingIdentities_GiveEachIdentityToOneMemberAtMost_AndTakeEachUpdateWholeOrNotAtAll(int seed) => RunAsync(seed);
}
