namespace PrivateDomain.Realtime.Grains.Tests.Members;

/// <summary>The runs of coupon drops and the orders that spend them, with storage in memory.</summary>
[Collection(FakeClockClusterCollection.Name)]
public sealed class CouponModelTests(FakeClockClusterFixture fixture) : CouponModelRuns(fixture)
{
    public static TheoryData<int> Seeds => SeededRuns.Seeds(6);

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task RandomRuns_OfDropsClaimsAndOrdersSpendingCoupons_GiveEachCouponOnce_AndSpendItOnce(int seed) => RunAsync(seed);
}
