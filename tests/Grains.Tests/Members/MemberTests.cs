using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests.Members;

[Collection(ClusterCollection.Name)]
public sealed class MemberTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Upsert_WithAnIdentityOfAnotherMember_Is409AndChangesNothing()
    {
        var phone = NewPhone();
        var openId = new MemberIdentity(IdentityChannel.MiniProgramOpenId, Shop.NewId("openid"));
        var first = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        var second = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        await first.Upsert(new MemberUpdate("Zhou Ting", [phone], null));
        await second.Upsert(new MemberUpdate("Wu Na", [], null));

        var error = await Assert.ThrowsAsync<DomainException>(() => second.Upsert(new MemberUpdate("Wu Na", [openId, phone], null)));

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.IdentityClaimed), (error.Kind, error.Code));
        Assert.Empty((await second.GetProfile())!.Identities);
        Assert.Null(await _grains.GetGrain<IIdentityGrain>(openId.Key).GetOwner());
        Assert.Equal(first.GetPrimaryKeyString(), await _grains.GetGrain<IIdentityGrain>(phone.Key).GetOwner());
    }

    [Fact]
    public async Task Identity_ClaimedByAnUpdateWhoseWriteFailed_IsFreeForAnotherMember()
    {
        var phone = NewPhone();
        var abandoned = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        var second = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        fixture.StorageFaults.FailNextWrite(abandoned.GetGrainId(), "member");
        await Assert.ThrowsAnyAsync<Exception>(() => abandoned.Upsert(new MemberUpdate("Zhou Ting", [phone], null)));

        // The member never retries; the activation the failure left behind is gone.
        await Activations.Deactivate(_grains, abandoned);
        var profile = await second.Upsert(new MemberUpdate("Wu Na", [phone], null));

        Assert.Equal([phone], profile.Identities);
        Assert.Equal(second.GetPrimaryKeyString(), await _grains.GetGrain<IIdentityGrain>(phone.Key).GetOwner());
        Assert.Null(await abandoned.GetProfile());
    }

    [Fact]
    public async Task Identity_WhoseMembersWriteLandedButItsAnswerWasLost_StaysTheirs()
    {
        var phone = NewPhone();
        var first = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        var second = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        fixture.StorageFaults.LoseNextWriteAnswer(first.GetGrainId(), "member");
        await Assert.ThrowsAnyAsync<Exception>(() => first.Upsert(new MemberUpdate("Zhou Ting", [phone], null)));

        var error = await Assert.ThrowsAsync<DomainException>(() => second.Upsert(new MemberUpdate("Wu Na", [phone], null)));
        await Activations.Deactivate(_grains, first);
        var again = await Assert.ThrowsAsync<DomainException>(() => second.Upsert(new MemberUpdate("Wu Na", [phone], null)));

        Assert.Equal((ErrorCodes.IdentityClaimed, ErrorCodes.IdentityClaimed), (error.Code, again.Code));
        Assert.Equal([phone], (await first.GetProfile())!.Identities);
        Assert.Equal(first.GetPrimaryKeyString(), await _grains.GetGrain<IIdentityGrain>(phone.Key).GetOwner());
        Assert.Null(await second.GetProfile());
    }

    [Fact]
    public async Task Coupon_ThatHasAlreadyLapsed_IsRefused_ButAGrantRetriedAfterItLapsesAnswersTheCoupon()
    {
        var member = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        await member.Upsert(new MemberUpdate("Zhou Ting", [], null));
        var soon = new Coupon(Shop.NewId("c"), 1_000, 10_000, DateTimeOffset.UtcNow.AddSeconds(1));
        await member.GrantCoupon(soon);

        var lapsed = await Assert.ThrowsAsync<DomainException>(() => member.GrantCoupon(new Coupon(Shop.NewId("c"), 1_000, 10_000, DateTimeOffset.UtcNow.AddDays(-1))));
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        var retried = await member.GrantCoupon(soon);

        Assert.Equal((ErrorKind.Invalid, ErrorCodes.ValidationFailed), (lapsed.Kind, lapsed.Code));
        Assert.Equal(soon, retried);
        Assert.Equal([soon.CouponId], (await member.GetProfile())!.Coupons.Select(c => c.CouponId));
    }

    [Fact]
    public async Task Identities_BeyondTwentyForOneMember_Are409_AndNoneOfTheUpdateIsClaimed()
    {
        var member = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        await member.Upsert(new MemberUpdate("Zhou Ting", [.. Enumerable.Range(0, 10).Select(_ => NewPhone())], null));
        await member.Upsert(new MemberUpdate("Zhou Ting", [.. Enumerable.Range(0, 9).Select(_ => NewPhone())], null));
        var twoMore = new[] { NewPhone(), NewPhone() };

        var error = await Assert.ThrowsAsync<DomainException>(() => member.Upsert(new MemberUpdate("Zhou Ting Renamed", [.. twoMore], null)));
        var twentieth = await member.Upsert(new MemberUpdate("Zhou Ting", [twoMore[0]], null));

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.TooManyIdentities), (error.Kind, error.Code));
        Assert.Equal(MemberIdentity.MaxPerMember, twentieth.Identities.Length);
        Assert.Null(await _grains.GetGrain<IIdentityGrain>(twoMore[1].Key).GetOwner());
        var known = await member.Upsert(new MemberUpdate("Zhou Ting", [twoMore[0]], null));
        Assert.Equal(MemberIdentity.MaxPerMember, known.Identities.Length);
    }

    [Fact]
    public async Task Identities_OfOneMember_ResolveToThatMember()
    {
        var member = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        var unionId = new MemberIdentity(IdentityChannel.WeChatUnionId, Shop.NewId("union"));

        await member.Upsert(new MemberUpdate("Zhao Lei", [unionId], ["skin:dry"]));
        await member.Upsert(new MemberUpdate("Zhao Lei", [unionId], ["skin:dry", "price-sensitive"]));

        Assert.Equal(member.GetPrimaryKeyString(), await _grains.GetGrain<IIdentityGrain>(unionId.Key).GetOwner());
        var profile = (await member.GetProfile())!;
        Assert.Equal([unionId], profile.Identities);
        Assert.Equal(["skin:dry", "price-sensitive"], profile.Tags);
    }

    [Fact]
    public async Task BindGuide_TheFirstScanWins_AndOperationsReassign()
    {
        var shop = await Shop.Open(_grains);
        var memberId = Shop.NewId("m");
        await shop.NewMember(memberId);
        var member = _grains.GetGrain<IMemberGrain>(memberId);

        var first = await member.BindGuide(shop.DirectGuide, reassign: false);
        var laterScan = await member.BindGuide(shop.FranchiseGuide, reassign: false);
        var byOps = await member.BindGuide(shop.FranchiseGuide, reassign: true);

        Assert.True(first.Changed);
        Assert.Equal((shop.DirectGuide, false), (laterScan.GuideId, laterScan.Changed));
        Assert.Equal((shop.FranchiseGuide, true), (byOps.GuideId, byOps.Changed));
        Assert.DoesNotContain(memberId, (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetCustomers()).Select(c => c.MemberId));
        Assert.Contains(memberId, (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetCustomers()).Select(c => c.MemberId));
    }

    [Fact]
    public async Task Binding_WhoseMemberWriteFailed_LeavesTheGuideWithoutTheCustomer_AndALaterScanBindsThemOnlyToItsGuide()
    {
        var shop = await Shop.Open(_grains);
        var memberId = Shop.NewId("m");
        await shop.NewMember(memberId);
        var member = _grains.GetGrain<IMemberGrain>(memberId);
        var direct = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var newMembersBefore = (await direct.GetView())!.Today.NewMembers;

        fixture.StorageFaults.FailNextWrite(member.GetGrainId(), "member");
        await Assert.ThrowsAnyAsync<Exception>(() => member.BindGuide(shop.DirectGuide, reassign: false));
        var laterScan = await member.BindGuide(shop.FranchiseGuide, reassign: false);

        Assert.Equal((shop.FranchiseGuide, true), (laterScan.GuideId, laterScan.Changed));
        Assert.DoesNotContain(memberId, (await direct.GetCustomers()).Select(c => c.MemberId));
        Assert.Equal(newMembersBefore, (await direct.GetView())!.Today.NewMembers);
        Assert.Contains(memberId, (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetCustomers()).Select(c => c.MemberId));
    }

    [Fact]
    public async Task Binding_WhoseGuideCouldNotStoreTheCustomer_ReachesThemLater_AndAReassignWaitsForIt()
    {
        var shop = await Shop.Open(_grains);
        var memberId = Shop.NewId("m");
        await shop.NewMember(memberId);
        var member = _grains.GetGrain<IMemberGrain>(memberId);
        var direct = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        var franchise = _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide);

        fixture.StorageFaults.FailNextAppend($"customers/{shop.DirectGuide}");
        var bound = await member.BindGuide(shop.DirectGuide, reassign: false);
        fixture.StorageFaults.FailNextAppend($"customers/{shop.DirectGuide}");
        var tooSoon = await Assert.ThrowsAsync<DomainException>(() => member.BindGuide(shop.FranchiseGuide, reassign: true));

        Assert.Equal((shop.DirectGuide, true), (bound.GuideId, bound.Changed));
        Assert.Equal(ErrorCodes.Unavailable, tooSoon.Code);
        Assert.Equal(shop.DirectGuide, (await member.GetProfile())!.GuideId);
        await Eventually.True(async () => (await direct.GetCustomers()).Any(c => c.MemberId == memberId),
            cancellationToken: TestContext.Current.CancellationToken);

        var reassigned = await member.BindGuide(shop.FranchiseGuide, reassign: true);

        Assert.Equal((shop.FranchiseGuide, true), (reassigned.GuideId, reassigned.Changed));
        Assert.DoesNotContain(memberId, (await direct.GetCustomers()).Select(c => c.MemberId));
        Assert.Contains(memberId, (await franchise.GetCustomers()).Select(c => c.MemberId));
    }

    [Fact]
    public async Task Purchases_EarnAPointPerYuanOnce_AndLiftTheTier()
    {
        var member = _grains.GetGrain<IMemberGrain>(Shop.NewId("m"));
        await member.Upsert(new MemberUpdate("Huang Xin", [], null));

        await member.RecordPurchase(new PurchaseRecord("o-1", 99_950, ["sku-1"], "store-1", DateTimeOffset.UtcNow));
        await member.RecordPurchase(new PurchaseRecord("o-1", 99_950, ["sku-1"], "store-1", DateTimeOffset.UtcNow));
        var waistNot = (await member.GetProfile())!;
        await member.RecordPurchase(new PurchaseRecord("o-2", 50, ["sku-2"], "store-2", DateTimeOffset.UtcNow));
        var waist = (await member.GetProfile())!;
        await member.RecordPurchase(new PurchaseRecord("o-3", 400_000, ["sku-3"], "store-2", DateTimeOffset.UtcNow));
        var head = (await member.GetProfile())!;

        Assert.Equal((999L, MemberTier.Ordinary), (waistNot.Points, waistNot.Tier));
        Assert.Equal((999L, 100_000L, MemberTier.Waist), (waist.Points, waist.PaidSpend, waist.Tier));
        Assert.Equal((4_999L, MemberTier.Head, "store-2"), (head.Points, head.Tier, head.LastStoreId));
    }

    [Fact]
    public async Task Browse_TheThirdViewWithoutBuying_AlertsTheGuideOnceAWeek()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);

        for (var view = 0; view < 5; view++)
        {
            await member.RecordBrowse(shop.Serum, shop.DirectStore);
        }

        await member.RecordBrowse(shop.Cream, shop.DirectStore);
        await member.RecordBrowse(shop.Cream, shop.DirectStore);

        var alert = await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.BrowseWithoutBuy);
        Assert.Equal((shop.Member, shop.Serum), (alert.MemberId, alert.Sku));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.BrowseWithoutBuy);
    }

    [Fact]
    public async Task Browse_TheAlertIsKeptAsTheGuidesFollowUp_OnePerMemberAndSku_UntilTheMemberBuysIt()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        var followUps = _grains.GetGrain<IGuideFollowUpsGrain>(shop.DirectGuide);
        for (var view = 0; view < 4; view++)
        {
            await member.RecordBrowse(shop.Serum, shop.DirectStore);
        }

        for (var view = 0; view < 3; view++)
        {
            await member.RecordBrowse(shop.Cream, shop.DirectStore);
        }

        // Stored by the time the third view is answered: read back from storage, as by a guide who was not connected.
        await Activations.Deactivate(_grains, followUps);
        var listed = await followUps.List();
        Assert.Equal([shop.Cream, shop.Serum], listed.Select(f => f.Sku));
        var serum = listed[1];
        Assert.Equal((shop.Member, "Chen Jing", 3), (serum.MemberId, serum.MemberName, serum.Views));
        Assert.Equal(serum.At + TimeSpan.FromDays(7), serum.ExpiresAt);

        // The member buys the serum: nothing is left to follow up on it.
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        await order.Pay(new PayOrder("pay-1", placed.Total));
        await Eventually.True(async () => (await followUps.List()).Select(f => f.Sku).SequenceEqual([shop.Cream]),
            cancellationToken: TestContext.Current.CancellationToken);

        // The guide dealt with the other; dismissing it again changes nothing.
        await followUps.Remove(shop.Member, shop.Cream);
        await followUps.Remove(shop.Member, shop.Cream);
        Assert.Empty(await followUps.List());
    }

    [Fact]
    public async Task AMemberReassigned_TakesTheirOpenFollowUpsToTheNewGuide()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        var (before, after) = (_grains.GetGrain<IGuideFollowUpsGrain>(shop.DirectGuide), _grains.GetGrain<IGuideFollowUpsGrain>(shop.FranchiseGuide));
        foreach (var sku in new[] { shop.Serum, shop.Cream })
        {
            for (var view = 0; view < 3; view++)
            {
                await member.RecordBrowse(sku, shop.DirectStore);
            }
        }

        // The cream is bought since: nothing left to follow up on it, for either guide.
        var order = shop.Order(Shop.NewId("o"));
        await order.Pay(new PayOrder("pay-1", (await order.Place(shop.Placing((shop.Cream, 1)))).Total));
        var serum = Assert.Single(await before.List());

        await member.BindGuide(shop.FranchiseGuide, reassign: true);

        await Eventually.True(async () => (await after.List()).Length == 1 && (await before.List()).Length == 0,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(serum, Assert.Single(await after.List()));
    }

    [Fact]
    public async Task Browse_WhoseFollowUpCouldNotBeStored_Fails_AndTheNextViewAlertsAgain()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        var followUps = _grains.GetGrain<IGuideFollowUpsGrain>(shop.DirectGuide);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);
        fixture.StorageFaults.FailNextWrite(followUps.GetGrainId(), "guide-follow-ups");

        await Assert.ThrowsAnyAsync<Exception>(() => member.RecordBrowse(shop.Serum, shop.DirectStore));
        Assert.Empty(await followUps.List());
        Assert.DoesNotContain(fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.BrowseWithoutBuy);

        await member.RecordBrowse(shop.Serum, shop.DirectStore);

        Assert.Equal(shop.Serum, Assert.Single(await followUps.List()).Sku);
        await PushRecorder.WaitFor(() => fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.BrowseWithoutBuy);
    }

    [Fact]
    public async Task FollowUps_AGuideKeepsTheLatestTwoHundred()
    {
        var followUps = _grains.GetGrain<IGuideFollowUpsGrain>(Shop.NewId("g"));
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i <= GuideFollowUpsGrain.MaxKept; i++)
        {
            await followUps.Add(new FollowUp($"m-{i}", "Chen Jing", "serum", 3, at.AddSeconds(i), at.AddDays(7)));
        }

        await Activations.Deactivate(_grains, followUps);

        var kept = await followUps.List();
        Assert.Equal(GuideFollowUpsGrain.MaxKept, kept.Length);
        Assert.Equal(($"m-{GuideFollowUpsGrain.MaxKept}", "m-1"), (kept[0].MemberId, kept[^1].MemberId));
    }

    [Fact]
    public async Task Browse_OfAnUnknownSkuOrStore_IsRefused_AndChangesNothing()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        var before = (await member.GetProfile())!.LastStoreId;

        var unknownSku = await Assert.ThrowsAsync<DomainException>(() => member.RecordBrowse("no-such-sku", shop.DirectStore));
        var unknownStore = await Assert.ThrowsAsync<DomainException>(() => member.RecordBrowse(shop.Serum, "no-such-store"));

        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownSku), (unknownSku.Kind, unknownSku.Code));
        Assert.Equal((ErrorKind.NotFound, ErrorCodes.UnknownStore), (unknownStore.Kind, unknownStore.Code));
        Assert.Equal(before, (await member.GetProfile())!.LastStoreId);
    }

    [Fact]
    public async Task Browse_OfASkuBoughtThisWeek_DoesNotAlert()
    {
        var shop = await Shop.Open(_grains);
        var order = shop.Order(Shop.NewId("o"));
        var placed = await order.Place(shop.Placing((shop.Cream, 1)));
        await order.Pay(new PayOrder("pay-1", placed.Total));
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);

        for (var view = 0; view < 4; view++)
        {
            await member.RecordBrowse(shop.Cream, shop.DirectStore);
        }

        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(fixture.Pushes.AlertsFor(shop.DirectGuide), a => a.Kind == GuideAlertKind.BrowseWithoutBuy);
    }

    [Fact]
    public async Task InStoreSale_CountsToTheGuideStoreAndMemberOnce_AndOnlyForTheGuidesOwnStore()
    {
        var shop = await Shop.Open(_grains);
        var sale = new InStoreSale(Shop.NewId("s"), shop.DirectStore, shop.DirectGuide, shop.Member, 45_600, DateTimeOffset.UtcNow);

        await _grains.GetGrain<IInStoreSaleGrain>(sale.SaleId).Record(sale);
        await _grains.GetGrain<IInStoreSaleGrain>(sale.SaleId).Record(sale);
        var elsewhere = await Assert.ThrowsAsync<DomainException>(() =>
            _grains.GetGrain<IInStoreSaleGrain>(Shop.NewId("s")).Record(sale with { SaleId = Shop.NewId("s"), StoreId = shop.FranchiseStore }));

        var today = (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today;
        Assert.Equal((45_600L, 1, 1_368L), (today.SalesAmount, today.Orders, today.Commission));
        Assert.Equal(456, (await _grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!.Points);
        Assert.Equal(ErrorCodes.GuideNotInStore, elsewhere.Code);
    }

    [Fact]
    public async Task Order_NamedLikeItsMembersBinding_CountsAsASale_AndTheBindingStillCounts()
    {
        // Order ids are the client's, and may hold ':'; the guide's count of a new customer must not share one with them.
        var shop = await Shop.Open(_grains);
        var order = shop.Order($"member:{shop.Member}");
        var placed = await order.Place(shop.Placing((shop.Serum, 1)));
        await order.Pay(new PayOrder("pay-1", placed.Total));

        var guide = _grains.GetGrain<IGuideGrain>(shop.DirectGuide);
        await Eventually.True(async () => (await guide.GetView())!.Today.Orders == 1, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var today = (await guide.GetView())!.Today;
        Assert.Equal((placed.Total, 1, 1), (today.SalesAmount, today.Orders, today.NewMembers));
    }

    [Fact]
    public async Task InStoreSale_WithAnIdAnotherStoreUsed_IsAConflict_AndCountsNothing()
    {
        // Sale ids are the brand's: a till numbering its own sales prefixes its store.
        var shop = await Shop.Open(_grains);
        var saleId = Shop.NewId("100234");
        await _grains.GetGrain<IInStoreSaleGrain>(saleId).Record(new InStoreSale(saleId, shop.DirectStore, shop.DirectGuide, null, 45_600, DateTimeOffset.UtcNow));

        var conflict = await Assert.ThrowsAsync<DomainException>(() => _grains.GetGrain<IInStoreSaleGrain>(saleId)
            .Record(new InStoreSale(saleId, shop.FranchiseStore, shop.FranchiseGuide, null, 12_000, DateTimeOffset.UtcNow)));

        Assert.Equal((ErrorKind.Conflict, ErrorCodes.SaleConflict), (conflict.Kind, conflict.Code));
        Assert.Equal(0, (await _grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).GetView())!.Today.Orders);
    }

    [Fact]
    public async Task InStoreSale_WithTheIdOfAnOnlineOrder_CountsAsASaleOfItsOwn()
    {
        // The till and the mini-program number their sales apart; the same number from both is two sales.
        var shop = await Shop.Open(_grains);
        var sharedId = Shop.NewId("100234");
        var order = shop.Order(sharedId);
        var placed = await order.Place(shop.Placing((shop.Serum, 1)) with { GuideId = shop.DirectGuide });
        await order.Pay(new PayOrder("pay-1", placed.Total));
        await Eventually.True(async () => (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today.Orders == 1,
            cancellationToken: TestContext.Current.CancellationToken);

        await _grains.GetGrain<IInStoreSaleGrain>(sharedId).Record(new InStoreSale(sharedId, shop.DirectStore, shop.DirectGuide, shop.Member, 45_600, DateTimeOffset.UtcNow));

        var today = (await _grains.GetGrain<IGuideGrain>(shop.DirectGuide).GetView())!.Today;
        Assert.Equal((placed.Total + 45_600, 2), (today.SalesAmount, today.Orders));
        Assert.Equal((placed.Total + 45_600) / 100, (await _grains.GetGrain<IMemberGrain>(shop.Member).GetProfile())!.Points);
    }

    private static MemberIdentity NewPhone() => new(IdentityChannel.Phone, "+86" + Random.Shared.NextInt64(13_000_000_000, 13_999_999_999));
}
