using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class MembersApiTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGuidesDays_AreTheirsAndOpsToRead_TodayFirst()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ownGuide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var paid = await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        var days = $"/api/guides/{shop.DirectGuide}/days";

        var own = await ownGuide.GetFromJsonAsync<GuidePerformance[]>(days, Cancel);
        var today = (await ownGuide.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel))!.Today;
        var byOps = await ops.GetFromJsonAsync<GuidePerformance[]>(days, Cancel);
        var peek = await otherGuide.GetAsync(days, Cancel);
        var unknown = await ops.GetAsync("/api/guides/nobody/days", Cancel);

        Assert.Equal(9, own!.Length); // today and Guides:HistoryDays (8) before it
        Assert.Equal((today.Date, paid.Total, 1), (own[0].Date, own[0].SalesAmount, own[0].Orders));
        Assert.Equal(own[1..].Select(d => d.Date), own[1..].Select(d => d.Date).OrderDescending());
        Assert.Equal(own, byOps);
        Assert.Equal(HttpStatusCode.Forbidden, peek.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownGuide), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
    }

    [Fact]
    public async Task Member_WithAnIdentity_IsResolvedByOps_AndAClaimedIdentityIs409()
    {
        var memberId = TestIds.New("m");
        var openId = TestIds.New("openid");
        using var member = _app.ClientAs(memberId, Roles.Member, new MemberIdentity(IdentityChannel.MiniProgramOpenId, openId));
        using var ops = _app.ClientAs("ops-1", Roles.Ops);

        var put = await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting", identities = new[] { new { channel = "openid", id = openId } }, tags = new[] { "skin:dry" } }, Cancel);
        var claimed = await ops.PutAsJsonAsync($"/api/members/other-{memberId}", new { name = "Wu Na", identities = new[] { new { channel = "openid", id = openId } } }, Cancel);
        var resolved = await ops.GetFromJsonAsync<MemberProfile>($"/api/members/resolve?channel=openid&id={openId}", Cancel);
        var resolveByMember = await member.GetAsync($"/api/members/resolve?channel=openid&id={openId}", Cancel);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.IdentityClaimed), (claimed.StatusCode, await claimed.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await ops.GetAsync($"/api/members/other-{memberId}", Cancel)).StatusCode);
        Assert.Equal(memberId, resolved!.MemberId);
        Assert.Equal(HttpStatusCode.Forbidden, resolveByMember.StatusCode);
    }

    [Fact]
    public async Task Upsert_BringingAMemberPastTwentyIdentities_Is409_AndKeepsTheProfileAsItWas()
    {
        var memberId = TestIds.New("m");
        var phones = Enumerable.Range(0, 21).Select(_ => new MemberIdentity(IdentityChannel.Phone, TestIds.New("p"))).ToArray();
        using var member = _app.ClientAs(memberId, Roles.Member, phones[..20]);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting", identities = phones[..10] }, Cancel)).EnsureSuccessStatusCode();
        (await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting", identities = phones[10..20] }, Cancel)).EnsureSuccessStatusCode();

        var refused = await ops.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Renamed", identities = phones[20..] }, Cancel);
        var profile = await member.GetFromJsonAsync<MemberProfile>($"/api/members/{memberId}", Cancel);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.TooManyIdentities), (refused.StatusCode, await refused.ProblemCodeAsync()));
        Assert.Equal(("Zhou Ting", 20), (profile!.Name, profile.Identities.Length));
    }

    [Fact]
    public async Task Member_AddingAnIdentityTheirSignInDidNotVouchFor_Is403_AndNothingIsClaimed()
    {
        var memberId = TestIds.New("m");
        var proved = new MemberIdentity(IdentityChannel.MiniProgramOpenId, TestIds.New("openid"));
        var someoneElses = new MemberIdentity(IdentityChannel.Phone, TestIds.New("p"));
        using var member = _app.ClientAs(memberId, Roles.Member, proved);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        (await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting" }, Cancel)).EnsureSuccessStatusCode();

        var refused = await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Renamed", identities = new[] { proved, someoneElses } }, Cancel);
        var profile = await member.GetFromJsonAsync<MemberProfile>($"/api/members/{memberId}", Cancel);
        var resolveProved = await ops.GetAsync($"/api/members/resolve?channel={proved.Channel}&id={proved.Id}", Cancel);
        var resolveOther = await ops.GetAsync($"/api/members/resolve?channel={someoneElses.Channel}&id={someoneElses.Id}", Cancel);

        Assert.Equal((HttpStatusCode.Forbidden, "identity-not-vouched"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        Assert.Equal(("Zhou Ting", 0), (profile!.Name, profile.Identities.Length));
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (resolveProved.StatusCode, resolveOther.StatusCode));
    }

    [Fact]
    public async Task Identity_OpsAddedForAMember_TheMemberMaySendAgain_WithoutTheirTokenVouchingForIt()
    {
        var memberId = TestIds.New("m");
        var phone = new MemberIdentity(IdentityChannel.Phone, TestIds.New("p"));
        using var member = _app.ClientAs(memberId, Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);

        var byOps = await ops.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting", identities = new[] { phone } }, Cancel);
        var again = await member.PutAsJsonAsync($"/api/members/{memberId}", new { name = "Zhou Ting", identities = new[] { phone }, tags = new[] { "vip" } }, Cancel);
        var profile = await again.Content.ReadFromJsonAsync<MemberProfile>(Cancel);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (byOps.StatusCode, again.StatusCode));
        Assert.Equal([phone], profile!.Identities);
        Assert.Equal(["vip"], profile.Tags);
    }

    [Fact]
    public async Task Profile_IsSeenByTheMemberTheirGuideAndOps_NotByOtherMembersOrGuides()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        async Task<HttpStatusCode> Read(string userId, string role)
        {
            using var client = _app.ClientAs(userId, role);
            return (await client.GetAsync($"/api/members/{shop.Member}", Cancel)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Read(shop.Member, Roles.Member));
        Assert.Equal(HttpStatusCode.OK, await Read(shop.DirectGuide, Roles.Guide));
        Assert.Equal(HttpStatusCode.OK, await Read("ops-1", Roles.Ops));
        Assert.Equal(HttpStatusCode.Forbidden, await Read("someone-else", Roles.Member));
        Assert.Equal(HttpStatusCode.Forbidden, await Read(shop.FranchiseGuide, Roles.Guide));
    }

    [Fact]
    public async Task ExclusiveGuide_TheFirstScanWins_GuidesSeeOwnCustomersOnly()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ownGuide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);

        var laterScan = await (await member.PostAsJsonAsync($"/api/members/{shop.Member}/guide", new { guideId = shop.FranchiseGuide }, Cancel))
            .Content.ReadFromJsonAsync<GuideBinding>(Cancel);
        var customers = await ownGuide.GetFromJsonAsync<GuideCustomer[]>($"/api/guides/{shop.DirectGuide}/customers", Cancel);
        var peek = await otherGuide.GetAsync($"/api/guides/{shop.DirectGuide}/customers", Cancel);
        var unknownGuide = await member.PostAsJsonAsync($"/api/members/{shop.Member}/guide", new { guideId = "nobody" }, Cancel);

        Assert.Equal((shop.DirectGuide, false), (laterScan!.GuideId, laterScan.Changed));
        Assert.Equal(shop.Member, Assert.Single(customers!).MemberId);
        Assert.Equal(HttpStatusCode.Forbidden, peek.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownGuide.StatusCode); // bound already: the first scan stands, whatever the card
    }

    [Fact]
    public async Task AGuidesCustomers_PageByPage_LatestBoundFirst_EachWithWhatTheGuidesListShows()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);

        // Two more members scan the guide's card after the shop's own member; the last has tags.
        var (second, third) = (TestIds.New("m"), TestIds.New("m"));
        foreach (var (memberId, name, tags) in new[] { (second, "Lin Yu", Array.Empty<string>()), (third, "Zhou Min", ["skin: oily", "price-sensitive"]) })
        {
            using var member = _app.ClientAs(memberId, Roles.Member);
            (await member.PutAsJsonAsync($"/api/members/{memberId}", new { name, tags }, Cancel)).EnsureSuccessStatusCode();
            (await member.PostAsJsonAsync($"/api/members/{memberId}/guide", new { guideId = shop.DirectGuide }, Cancel)).EnsureSuccessStatusCode();
        }

        var customers = $"/api/guides/{shop.DirectGuide}/customers";
        await Eventually.True(async () => (await guide.GetFromJsonAsync<GuideCustomer[]>(customers, Cancel))!.Length == 3, cancellationToken: Cancel);
        var bound = (await guide.GetFromJsonAsync<GuideCustomer[]>(customers, Cancel))!.ToDictionary(c => c.MemberId, c => c.BoundAt);

        var first = (await guide.GetFromJsonAsync<CustomerCardPage>($"{customers}/page?take=2", Cancel))!;
        var rest = (await guide.GetFromJsonAsync<CustomerCardPage>($"{customers}/page?take=2&after={first.Next}", Cancel))!;
        var whole = (await guide.GetFromJsonAsync<CustomerCardPage>($"{customers}/page", Cancel))!;

        Assert.Equal([third, second], first.Customers.Select(c => c.MemberId));
        Assert.Equal(second, first.Next);
        Assert.Equal([shop.Member], rest.Customers.Select(c => c.MemberId));
        Assert.Null(rest.Next);
        Assert.Equal(first.Customers.Concat(rest.Customers).Select(c => (c.MemberId, c.BoundAt, c.Name)), whole.Customers.Select(c => (c.MemberId, c.BoundAt, c.Name)));
        Assert.Null(whole.Next);
        var card = first.Customers[0];
        Assert.Equal(("Zhou Min", MemberTier.Ordinary, 0L, bound[third]), (card.Name, card.Tier, card.PaidSpend, card.BoundAt));
        Assert.Equal(["skin: oily", "price-sensitive"], card.Tags);
        Assert.Equal("Chen Jing", rest.Customers[0].Name);

        // Refused: a member who is not this guide's customer, a page of none or too many, another guide's list, no such guide.
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var notACustomer = await guide.GetAsync($"{customers}/page?after=someone-else", Cancel);
        var none = await guide.GetAsync($"{customers}/page?take=0", Cancel);
        var tooMany = await guide.GetAsync($"{customers}/page?take=101", Cancel);
        var peek = await otherGuide.GetAsync($"{customers}/page", Cancel);
        var unknown = await ops.GetAsync("/api/guides/nobody/customers/page", Cancel);
        Assert.Equal(
            (HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound),
            (notACustomer.StatusCode, none.StatusCode, tooMany.StatusCode, peek.StatusCode, unknown.StatusCode));
        Assert.Equal(ErrorCodes.ValidationFailed, await notACustomer.ProblemCodeAsync());
        Assert.Equal(3, (await ops.GetFromJsonAsync<CustomerCardPage>($"{customers}/page", Cancel))!.Customers.Length);
    }

    [Fact]
    public async Task Coupon_GrantedByTheMembersGuide_DiscountsTheirOrder_AndOnlyTheirGuideOrOpsGrantOne()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(7);
        object Coupon(string couponId, long amountOff = 3_000) => new { couponId, amountOff, minSpend = 20_000, expiresAt };

        var granted = await guide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", Coupon("c-30"), Cancel);
        var byAnotherGuide = await otherGuide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", Coupon("c-31"), Cancel);
        var byTheMember = await member.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", Coupon("c-32"), Cancel);
        var nothingOff = await guide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", Coupon("c-33", amountOff: 0), Cancel);
        var noExpiry = await guide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", new { couponId = "c-34", amountOff = 1_000, minSpend = 20_000 }, Cancel);
        var unknownMember = await guide.PostAsJsonAsync($"/api/members/nobody-{shop.Member}/coupons", Coupon("c-35"), Cancel);
        var badMemberId = await guide.PostAsJsonAsync($"/api/members/{new string('m', 101)}/coupons", Coupon("c-36"), Cancel);
        var orderId = TestIds.New("o");
        var placed = await (await member.PostAsJsonAsync("/api/orders", new
        {
            orderId, memberId = shop.Member, regionId = shop.RegionId, storeId = shop.DirectStore,
            lines = new[] { new { sku = shop.Sku, quantity = 1 } }, mode = "ship", latitude = 31.2323, longitude = 121.4735, couponId = "c-30",
        }, Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAnotherGuide.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTheMember.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (nothingOff.StatusCode, await nothingOff.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, noExpiry.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownMember), (unknownMember.StatusCode, await unknownMember.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownMember), (badMemberId.StatusCode, await badMemberId.ProblemCodeAsync()));
        Assert.Equal((shop.Price, 3_000L, shop.Price - 3_000), (placed!.Subtotal, placed.Discount, placed.Total));
        Assert.Equal(["c-30"], (await member.GetFromJsonAsync<MemberProfile>($"/api/members/{shop.Member}", Cancel))!.Coupons.Select(c => c.CouponId));
    }

    [Fact]
    public async Task ThirdViewWithoutBuying_SendsTheGuideABrowseAlertOverTheHub()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var hub = _app.Connect("/hubs/notifications", shop.DirectGuide, Roles.Guide, messagePack: true);
        var alerts = new List<GuideAlert>();
        hub.On<GuideAlert>("GuideAlert", alert => { lock (alerts) { alerts.Add(alert); } });
        await hub.StartRegisteredAsync(Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        for (var view = 0; view < 3; view++)
        {
            (await member.PostAsJsonAsync($"/api/members/{shop.Member}/browse", new { sku = shop.Sku, storeId = shop.DirectStore }, Cancel)).EnsureSuccessStatusCode();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (alerts.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancel);
        }

        var alert = Assert.Single(alerts);
        Assert.Equal((GuideAlertKind.BrowseWithoutBuy, shop.Member, shop.Sku), (alert.Kind, alert.MemberId, alert.Sku));
    }

    [Fact]
    public async Task ABrowseAlert_WaitsInTheGuidesFollowUps_ForAGuideWhoWasNotConnected_UntilDismissed()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        for (var view = 0; view < 3; view++)
        {
            (await member.PostAsJsonAsync($"/api/members/{shop.Member}/browse", new { sku = shop.Sku, storeId = shop.DirectStore }, Cancel)).EnsureSuccessStatusCode();
        }

        var followUps = $"/api/guides/{shop.DirectGuide}/follow-ups";
        var followUp = Assert.Single((await guide.GetFromJsonAsync<FollowUp[]>(followUps, Cancel))!);
        Assert.Equal((shop.Member, "Chen Jing", shop.Sku, 3), (followUp.MemberId, followUp.MemberName, followUp.Sku, followUp.Views));

        // Only the guide (or ops) reads or dismisses them; a malformed id is refused, an unknown guide is not found.
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var peek = await otherGuide.GetAsync(followUps, Cancel);
        var byMember = await member.GetAsync(followUps, Cancel);
        var othersDismissal = await otherGuide.DeleteAsync($"{followUps}/{shop.Member}/{shop.Sku}", Cancel);
        var malformed = await guide.DeleteAsync($"{followUps}/{shop.Member}/not%20a%20sku", Cancel);
        var unknown = await ops.GetAsync("/api/guides/nobody/follow-ups", Cancel);
        Assert.Equal(
            (HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.NotFound),
            (peek.StatusCode, byMember.StatusCode, othersDismissal.StatusCode, malformed.StatusCode, unknown.StatusCode));
        Assert.Single((await ops.GetFromJsonAsync<FollowUp[]>(followUps, Cancel))!);

        // Dismissed once it is dealt with; dismissing it again is the same answer.
        Assert.Equal(HttpStatusCode.NoContent, (await guide.DeleteAsync($"{followUps}/{shop.Member}/{shop.Sku}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await guide.DeleteAsync($"{followUps}/{shop.Member}/{shop.Sku}", Cancel)).StatusCode);
        Assert.Empty((await guide.GetFromJsonAsync<FollowUp[]>(followUps, Cancel))!);
    }

    [Fact]
    public async Task NotificationsHub_WithoutAToken_IsRefused()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_app.BaseAddress, "/hubs/notifications")).Build();

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => connection.StartAsync(Cancel));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
