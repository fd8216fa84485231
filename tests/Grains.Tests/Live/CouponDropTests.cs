using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Live;

[Collection(ClusterCollection.Name)]
public sealed class CouponDropTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DropOfFiveCoupons_ClaimedByFortyMembersAtOnce_GivesExactlyFive_OnePerMember_AndViewersSeeNoneLeft()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var drop = await room.DropCoupon(host, "drop-1", amountOff: 2_000, minSpend: 20_000, quantity: 5);
        var members = Enumerable.Range(0, 40).Select(_ => Shop.NewId("m")).ToList();
        foreach (var member in members)
        {
            await shop.NewMember(member);
        }

        // Every member claims twice at once (a double tap); the first five members to be decided get one coupon each.
        // The drop's first write is held, so the claims are all decided while writes are in flight, as on a database.
        var dropGrain = _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1"));
        var held = fixture.StorageFaults.HoldNextWrite(dropGrain.GetGrainId(), "coupon-drop");
        var claims = members.Concat(members).Select(async member =>
        {
            try
            {
                return (member, (await Claim(room, "drop-1", member)).CouponId);
            }
            catch (DomainException e) when (e.Code == ErrorCodes.CouponsGone)
            {
                return (member, (string?)null);
            }
        });
        var claiming = Task.WhenAll(claims.ToList());
        await Task.Delay(300, Cancel);
        held.SetResult();
        var outcomes = await claiming;

        var winners = outcomes.Where(o => o.Item2 is not null).Select(o => o.member).Distinct().ToList();
        Assert.Equal(5, winners.Count);
        Assert.All(outcomes.Where(o => o.Item2 is not null), o => Assert.Equal(ICouponDropGrain.CouponIdFor(room.GetPrimaryKeyString(), "drop-1"), o.Item2));
        var holders = 0;
        foreach (var member in members)
        {
            var coupons = (await _grains.GetGrain<IMemberGrain>(member).GetProfile())!.Coupons;
            holders += coupons.Length;
            Assert.Equal(winners.Contains(member) ? 1 : 0, coupons.Length);
        }

        Assert.Equal(5, holders);
        Assert.Equal((5, 5), (drop.Quantity, drop.Remaining));
        await Eventually.True(async () => (await room.GetSnapshot()).CouponDrops.Single().Remaining == 0, cancellationToken: Cancel);
    }

    [Fact]
    public async Task DroppedCoupon_TakesItsAmountOffAnOrder_AndAClaimRepeatedAfterwardsAnswersTheSameCoupon()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.DropCoupon(host, "drop-1", amountOff: 3_000, minSpend: 30_000, quantity: 10);

        var coupon = await Claim(room, "drop-1", shop.Member);
        var order = await shop.Order(Shop.NewId("o")).Place(shop.Placing((shop.Serum, 1)) with { CouponId = coupon.CouponId });
        var repeated = await Claim(room, "drop-1", shop.Member);

        Assert.Equal((Shop.SerumPrice, 3_000L, Shop.SerumPrice - 3_000), (order.Subtotal, order.Discount, order.Total));
        Assert.Equal(coupon.CouponId, repeated.CouponId);
        Assert.Equal(9, (await _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1")).Get())!.Remaining);
    }

    [Fact]
    public async Task Drop_IsTheHostsOrOps_InALiveRoom_WithSaneTerms_AndARepeatAnswersIt_ChangingNothingElse()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var first = await room.DropCoupon(host, "drop-1", 1_000, 10_000, 3);

        var repeated = await room.DropCoupon(new Actor("ops-1", "Operations", Roles.Ops), "drop-1", 1_000, 10_000, 3);
        var otherTerms = await Assert.ThrowsAsync<DomainException>(() => room.DropCoupon(host, "drop-1", 1_000, 10_000, 4));
        var notHost = await Assert.ThrowsAsync<DomainException>(() => room.DropCoupon(new Actor(shop.FranchiseGuide, "Wang Min", Roles.Guide), "drop-2", 1_000, 10_000, 3));
        var bad = new[] { (0L, 10_000L, 3), (1_000L, 999L, 3), (1_000L, 10_000L, 0), (1_000L, 10_000L, 1_001) };
        var refusals = new List<DomainException>();
        foreach (var (amountOff, minSpend, quantity) in bad)
        {
            refusals.Add(await Assert.ThrowsAsync<DomainException>(() => room.DropCoupon(host, "drop-3", amountOff, minSpend, quantity)));
        }

        var unknownMember = await Assert.ThrowsAsync<DomainException>(() => Claim(room, "drop-1", Shop.NewId("nobody")));
        var unknownDrop = await Assert.ThrowsAsync<DomainException>(() => Claim(room, "drop-9", shop.Member));

        Assert.Equal(first, repeated);
        Assert.Equal((ErrorKind.Conflict, ErrorCodes.CouponDropConflict), (otherTerms.Kind, otherTerms.Code));
        Assert.Equal((ErrorKind.Forbidden, ErrorCodes.NotHost), (notHost.Kind, notHost.Code));
        Assert.All(refusals, r => Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (r.Kind, r.Code)));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownMember), (unknownMember.Kind, unknownMember.Code));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownCouponDrop), (unknownDrop.Kind, unknownDrop.Code));
        Assert.Equal(["drop-1"], (await room.GetSnapshot()).CouponDrops.Select(d => d.DropId));

        // The unknown member's claim gave its coupon back.
        Assert.Equal(3, (await _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1")).Get())!.Remaining);
    }

    [Fact]
    public async Task Room_DropsAtMostTwentyTimes_EvenWhenTwentyFiveDropsAreMadeAtOnce_AndARefusedDropHandsOutNothing()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);

        var drops = Enumerable.Range(0, 25).Select(async i =>
        {
            try
            {
                await room.DropCoupon(host, $"drop-{i}", 1_000, 10_000, 5);
                return null;
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        });
        var outcomes = await Task.WhenAll(drops);

        var listed = (await room.GetSnapshot()).CouponDrops.Select(d => d.DropId).ToHashSet();
        Assert.Equal(20, listed.Count);
        Assert.Equal(5, outcomes.Count(o => o == ErrorCodes.TooManyCouponDrops));
        var refused = Enumerable.Range(0, 25).Select(i => $"drop-{i}").First(id => !listed.Contains(id));
        var claim = await Assert.ThrowsAsync<DomainException>(() => Claim(room, refused, shop.Member));
        Assert.Contains(claim.Code, new[] { ErrorCodes.UnknownCouponDrop, ErrorCodes.RoomNotLive });
    }

    [Fact]
    public async Task RoomThatEnded_HandsOutNoMoreCoupons_AndTakesNoNewDrop_ButAMemberWhoClaimedStillHasTheirs()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.DropCoupon(host, "drop-1", 1_000, 10_000, 3);
        var claimed = await Claim(room, "drop-1", shop.Member);
        var late = Shop.NewId("m");
        await shop.NewMember(late);

        await room.End(host);
        var afterEnd = await Assert.ThrowsAsync<DomainException>(() => Claim(room, "drop-1", late));
        var newDrop = await Assert.ThrowsAsync<DomainException>(() => room.DropCoupon(host, "drop-2", 1_000, 10_000, 3));
        var repeat = await Claim(room, "drop-1", shop.Member);

        Assert.Equal(ErrorCodes.RoomNotLive, afterEnd.Code);
        Assert.Equal(ErrorCodes.RoomNotLive, newDrop.Code);
        Assert.Equal(claimed, repeat);
        Assert.Empty((await _grains.GetGrain<IMemberGrain>(late).GetProfile())!.Coupons);
    }

    [Fact]
    public async Task Claim_WhoseWriteFailed_GivesNothing_AndTheRetryGivesOneCoupon()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.DropCoupon(host, "drop-1", 1_000, 10_000, 1);
        var dropGrain = _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1"));

        fixture.StorageFaults.FailNextWrite(dropGrain.GetGrainId(), "coupon-drop");
        await Assert.ThrowsAnyAsync<Exception>(() => dropGrain.Claim(shop.Member));
        var couponsAfterFailure = (await _grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!.Coupons.Length;
        var retried = await dropGrain.Claim(shop.Member);

        Assert.Equal(0, couponsAfterFailure);
        Assert.Equal(retried.CouponId, Assert.Single((await _grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!.Coupons).CouponId);
        Assert.Equal(0, (await dropGrain.Get())!.Remaining);
    }

    [Fact]
    public async Task DropAndItsClaims_OutlastTheirActivations_SoNoCouponIsGivenTwiceOrBeyondTheQuantity()
    {
        var (shop, room, host) = await Shop.OpenWithLiveRoom(_grains);
        await room.DropCoupon(host, "drop-1", 1_000, 10_000, 2);
        var dropGrain = _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1"));
        var (second, third) = (Shop.NewId("m"), Shop.NewId("m"));
        await shop.NewMember(second);
        await shop.NewMember(third);
        await Claim(room, "drop-1", shop.Member);

        await Activations.Deactivate(_grains, dropGrain, room);
        await Claim(room, "drop-1", shop.Member);
        await Claim(room, "drop-1", second);
        var gone = await Assert.ThrowsAsync<DomainException>(() => Claim(room, "drop-1", third));

        Assert.Equal(ErrorCodes.CouponsGone, gone.Code);
        Assert.Equal(0, (await dropGrain.Get())!.Remaining);
        Assert.Equal(["drop-1"], (await room.GetSnapshot()).CouponDrops.Select(d => d.DropId));
        await Eventually.True(async () => (await room.GetSnapshot()).CouponDrops.Single().Remaining == 0, cancellationToken: Cancel);
    }

    [Fact]
    public async Task ClaimsReport_ThatReachesTheRoomBeforeItListsTheDrop_ShowsInTheListing_AndAnOlderOneAfterwardsDoesNot()
    {
        var (_, room, host) = await Shop.OpenWithLiveRoom(_grains);
        var dropGrain = _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), "drop-1"));
        var held = fixture.StorageFaults.HoldNextWrite(dropGrain.GetGrainId(), "coupon-drop");

        // The drop is being opened; the report of claims decided meanwhile reaches the room first.
        var dropping = room.DropCoupon(host, "drop-1", 1_000, 10_000, 5);
        await Task.Delay(200, Cancel);
        await room.CouponDropChanged("drop-1", remaining: 3, version: 2);
        held.SetResult();
        var answered = await dropping;
        var listed = (await room.GetSnapshot()).CouponDrops.Single().Remaining;
        await room.CouponDropChanged("drop-1", remaining: 4, version: 1);

        Assert.Equal((5, 3, 3), (answered.Quantity, listed, (await room.GetSnapshot()).CouponDrops.Single().Remaining));
    }

    private Task<Coupon> Claim(ILiveRoomGrain room, string dropId, string memberId) =>
        _grains.GetGrain<ICouponDropGrain>(ICouponDropGrain.KeyFor(room.GetPrimaryKeyString(), dropId)).Claim(memberId);
}
