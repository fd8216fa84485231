using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Members;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockMemberTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Browsing_OlderThanTheWindow_LeavesTheMembersState_WhicheverSkuIsViewedNext()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);

        fixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await member.RecordBrowse(shop.Cream, shop.DirectStore);

        var stored = await StoredState(member);
        Assert.Equal([shop.Cream], stored.Views.Keys);
        Assert.Single(stored.Views[shop.Cream]);
    }

    [Fact]
    public async Task AFollowUp_LapsesWithTheBrowseWindow()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        var followUps = _grains.GetGrain<IGuideFollowUpsGrain>(shop.DirectGuide);
        for (var view = 0; view < 3; view++)
        {
            await member.RecordBrowse(shop.Serum, shop.DirectStore);
        }

        fixture.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal([shop.Serum], (await followUps.List()).Select(f => f.Sku));

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await followUps.List());
    }

    [Fact]
    public async Task Coupons_AMemberKeepsAtMostFiveHundred_AndForgetsThoseLapsedAMonthAgo()
    {
        var member = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        await member.Upsert(new MemberUpdate("Zhou Ting", [], null));
        var tomorrow = fixture.Clock.GetUtcNow() + TimeSpan.FromDays(1);
        var lapsingTomorrow = Enumerable.Range(0, Coupon.MaxKeptPerMember - 1).Select(i => new Coupon($"c-{i}", 1_000, 10_000, tomorrow)).ToList();
        foreach (var coupon in lapsingTomorrow)
        {
            await member.GrantCoupon(coupon);
        }

        var longLived = new Coupon("c-long", 2_000, 20_000, fixture.Clock.GetUtcNow() + TimeSpan.FromDays(90));
        await member.GrantCoupon(longLived);
        var oneTooMany = new Coupon("c-more", 500, 5_000, fixture.Clock.GetUtcNow() + TimeSpan.FromDays(90));
        var refused = await Assert.ThrowsAsync<DomainException>(() => member.GrantCoupon(oneTooMany));
        Assert.Equal((ErrorKind.Conflict, ErrorCodes.TooManyCoupons), (refused.Kind, refused.Code));
        Assert.Equal(Coupon.MaxKeptPerMember, (await member.GetProfile())!.Coupons.Length);

        // Lapsed but within the month: still kept, and still counted.
        fixture.Clock.Advance(TimeSpan.FromDays(1) + Coupon.KeptAfterExpiry - TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<DomainException>(() => member.GrantCoupon(oneTooMany));

        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await member.GrantCoupon(oneTooMany);

        Assert.Equal([longLived.CouponId, oneTooMany.CouponId], (await member.GetProfile())!.Coupons.Select(c => c.CouponId));
        Assert.Equal([longLived.CouponId, oneTooMany.CouponId], (await StoredState(member)).Coupons.Keys.Order(StringComparer.Ordinal));
        var forgottenRetried = await Assert.ThrowsAsync<DomainException>(() => member.GrantCoupon(lapsingTomorrow[0]));
        Assert.Equal(ErrorCodes.ValidationFailed, forgottenRetried.Code);
    }

    private async Task<MemberState> StoredState(IMemberGrain member)
    {
        var storage = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var state = new GrainState<MemberState>();
        await storage.ReadStateAsync("member", member.GetGrainId(), state);
        return state.State!;
    }
}
