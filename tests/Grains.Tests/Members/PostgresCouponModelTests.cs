namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>The runs of coupon drops and the orders that spend them, with grain state in PostgreSQL: fewer seeds, each write a real one.</summary>
[Collection(PostgresFakeClockClusterCollection.Name)]
public sealed class PostgresCouponModelTests(PostgresFakeClockClusterFixture fixture) : CouponModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(2);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfDropsClaimsAndOrdersSpendingCoupons_GiveEachCouponOnce_AndSpendItOnce(int seed) => RunAsync(seed);
}
