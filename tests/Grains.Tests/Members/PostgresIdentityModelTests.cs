namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>The runs of members claiming identities, with grain state in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresIdentityModelTests(PostgresFakeClockClusterFixture fixture) : IdentityModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(1);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfMembersClaimingIdentities_GiveEachIdentityToOneMemberAtMost_AndTakeEachUpdateWholeOrNotAtAll(int seed) => RunAsync(seed);
}
