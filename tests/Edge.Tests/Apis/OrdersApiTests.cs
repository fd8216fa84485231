using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class OrdersApiTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADealersSettlement_IsTheirPartOfTheOrdersTheirStoreFulfilled_ForOpsAndThemOnly_AndBadDatesAre400()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var atFranchise = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore, quantity: 2), Cancel);
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);

        // The local day (Asia/Shanghai) is the UTC day or the next.
        var utcToday = DateOnly.FromDateTime(DateTime.UtcNow);
        var statement = await ops.GetFromJsonAsync<AccountStatement>(
            $"/api/accounts/{shop.Dealer}/settlement?from={utcToday:yyyy-MM-dd}&to={utcToday.AddDays(1):yyyy-MM-dd}", Cancel);
        var byMember = await member.GetAsync($"/api/accounts/{shop.Dealer}/settlement", Cancel);
        using var dealer = _app.ClientAs(shop.Dealer, Roles.Dealer);
        using var anotherDealer = _app.ClientAs(TestIds.New("dealer"), Roles.Dealer);

        var owed = Assert.Single(atFranchise.Settlement, s => s.Kind == SettlementKind.Franchise);
        Assert.Equal((shop.Dealer, owed.Amount, 1), (statement!.AccountId, statement.Amount, statement.Orders));
        var day = Assert.Single(statement.Days);
        Assert.Equal(owed.Amount, day.Amount);
        var orders = await ops.GetFromJsonAsync<AccountOrderPage>($"/api/accounts/{shop.Dealer}/settlement/{day.Date:yyyy-MM-dd}", Cancel);
        Assert.Equal((new AccountOrder(atFranchise.OrderId, owed.Amount), null), (Assert.Single(orders!.Orders), orders.Next));
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);

        // The franchisee reads the same, and no other franchisee does.
        var theirs = await dealer.GetFromJsonAsync<AccountStatement>(
            $"/api/accounts/{shop.Dealer}/settlement?from={utcToday:yyyy-MM-dd}&to={utcToday.AddDays(1):yyyy-MM-dd}", Cancel);
        var theirOrders = await dealer.GetFromJsonAsync<AccountOrderPage>($"/api/accounts/{shop.Dealer}/settlement/{day.Date:yyyy-MM-dd}", Cancel);
        Assert.Equal((statement.Amount, statement.Orders), (theirs!.Amount, theirs.Orders));
        Assert.Equal(orders.Orders, theirOrders!.Orders);
        foreach (var path in new[] { $"/api/accounts/{shop.Dealer}/settlement", $"/api/accounts/{shop.Dealer}/settlement/{day.Date:yyyy-MM-dd}" })
        {
            var refused = await anotherDealer.GetAsync(path, Cancel);
            Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        }

        foreach (var query in new[] { "?from=2026-13-01", "?to=yesterday", "?from=2026-03-02&to=2026-03-01", "?from=2026-01-01&to=2026-04-03", "/2026-02-30", "/today", $"/{day.Date:yyyy-MM-dd}?take=0", $"/{day.Date:yyyy-MM-dd}?take=1001" })
        {
            var refused = await ops.GetAsync($"/api/accounts/{shop.Dealer}/settlement{query}", Cancel);
            Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (refused.StatusCode, await refused.ProblemCodeAsync()));
        }
    }

    [Fact]
    public async Task ADealersStores_AreItsFranchiseStores_ForOpsAndThemOnly_AndFollowTheStoreToANewOwner()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var dealer = _app.ClientAs(shop.Dealer, Roles.Dealer);
        var buyer = TestIds.New("dealer");
        using var newOwner = _app.ClientAs(buyer, Roles.Dealer);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var brand = _app.ClientAs("brand", Roles.Dealer); // the direct store's owner account

        var theirs = await dealer.GetFromJsonAsync<AccountStores>($"/api/accounts/{shop.Dealer}/stores", Cancel);
        var byOps = await ops.GetFromJsonAsync<AccountStores>($"/api/accounts/{shop.Dealer}/stores", Cancel);
        var franchise = await ops.GetFromJsonAsync<StoreProfile>($"/api/stores/{shop.FranchiseStore}", Cancel);
        Assert.Equal(shop.Dealer, theirs!.AccountId);
        Assert.Equal(new[] { franchise }, theirs.Stores);
        Assert.Equal(theirs.Stores, byOps!.Stores);
        Assert.DoesNotContain(shop.DirectStore, (await brand.GetFromJsonAsync<AccountStores>("/api/accounts/brand/stores", Cancel))!.Stores.Select(s => s.StoreId));

        // Sold on: the store leaves the first franchisee's list for the buyer's.
        var sold = await ops.PutAsJsonAsync($"/api/stores/{shop.FranchiseStore}", new
        {
            name = franchise!.Name, regionId = shop.RegionId, latitude = franchise.Latitude, longitude = franchise.Longitude,
            ownerAccountId = buyer, ownership = "franchise",
        }, Cancel);
        sold.EnsureSuccessStatusCode();
        Assert.Empty((await dealer.GetFromJsonAsync<AccountStores>($"/api/accounts/{shop.Dealer}/stores", Cancel))!.Stores);
        Assert.Equal([shop.FranchiseStore], (await newOwner.GetFromJsonAsync<AccountStores>($"/api/accounts/{buyer}/stores", Cancel))!.Stores.Select(s => s.StoreId));

        foreach (var refused in new[] { await dealer.GetAsync($"/api/accounts/{buyer}/stores", Cancel), await member.GetAsync($"/api/accounts/{buyer}/stores", Cancel) })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        }

        var malformed = await ops.GetAsync("/api/accounts/not%20an%20id/stores", Cancel);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (malformed.StatusCode, await malformed.ProblemCodeAsync()));
    }

    [Fact]
    public async Task AnAccountsFulfilment_IsEachOfItsStoresQueueInBrief_LongestWaitingFirst_ForOpsAndItsDealerOnly()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var dealer = _app.ClientAs(shop.Dealer, Roles.Dealer);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var otherDealer = _app.ClientAs(TestIds.New("dealer"), Roles.Dealer);
        var quiet = TestIds.New("st"); // the dealer's second store, where nothing waits
        (await ops.PutAsJsonAsync($"/api/stores/{quiet}", new
        {
            name = "Jing'an", regionId = shop.RegionId, latitude = 31.2243, longitude = 121.4460, ownerAccountId = shop.Dealer,
            ownership = "franchise", canShip = true, canPickup = true,
        }, Cancel)).EnsureSuccessStatusCode();
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);

        var theirs = (await dealer.GetFromJsonAsync<StoreFulfilmentSummary[]>($"/api/accounts/{shop.Dealer}/fulfilment", Cancel))!;
        Assert.Equal([(shop.FranchiseStore, 1, 0, 1), (quiet, 0, 0, 0)], theirs.Select(s => (s.StoreId, s.Waiting, s.ToShip, s.ToHandOver)));
        Assert.Equal(await ops.GetFromJsonAsync<StoreFulfilmentSummary>($"/api/stores/{shop.FranchiseStore}/fulfilment/summary", Cancel), theirs[0]);
        Assert.Equal(theirs, await ops.GetFromJsonAsync<StoreFulfilmentSummary[]>($"/api/accounts/{shop.Dealer}/fulfilment", Cancel));
        Assert.Empty((await ops.GetFromJsonAsync<StoreFulfilmentSummary[]>($"/api/accounts/{TestIds.New("dealer")}/fulfilment", Cancel))!);

        foreach (var refused in new[] { await otherDealer.GetAsync($"/api/accounts/{shop.Dealer}/fulfilment", Cancel), await member.GetAsync($"/api/accounts/{shop.Dealer}/fulfilment", Cancel) })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        }

        var malformed = await ops.GetAsync("/api/accounts/not%20an%20id/fulfilment", Cancel);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (malformed.StatusCode, await malformed.ProblemCodeAsync()));
    }

    [Fact]
    public async Task PlaceAndPay_OverHttp_PushesOrderUpdatesToTheMembersConnection()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        await using var hub = _app.Connect("/hubs/notifications", shop.Member, Roles.Member);
        var updates = new List<OrderUpdate>();
        hub.On<OrderUpdate>("OrderUpdate", update => { lock (updates) { updates.Add(update); } });
        await hub.StartRegisteredAsync(Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");

        var placed = await member.PostAsJsonAsync("/api/orders", shop.Order(orderId, 2), Cancel);
        var order = await placed.Content.ReadFromJsonAsync<Order>(Cancel);
        var paid = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order!.Total }, Cancel);
        var again = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order.Total }, Cancel);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal((OrderStatus.Reserved, 2 * shop.Price, shop.DirectGuide), (order.Status, order.Total, order.GuideId));
        var paidOrder = await paid.Content.ReadFromJsonAsync<Order>(Cancel);
        Assert.Equal(OrderStatus.Paid, paidOrder!.Status);
        Assert.Equal(order.Total, paidOrder.Settlement.Sum(s => s.Amount));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Eventually.True(() => updates.Any(u => u.OrderId == orderId && u.Status == OrderStatus.Paid), cancellationToken: Cancel);
    }

    [Fact]
    public async Task AMembersOrders_AreListedNewestFirst_WithTheirStatus_APageAtATime_ToThemAndOperationsOnly()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        string[] ids = [TestIds.New("o"), TestIds.New("o"), TestIds.New("o")];
        foreach (var id in ids)
        {
            (await member.PostAsJsonAsync("/api/orders", shop.Order(id, 1), Cancel)).EnsureSuccessStatusCode();
        }

        (await member.PostAsync($"/api/orders/{ids[0]}/cancel", null, Cancel)).EnsureSuccessStatusCode();
        (await member.PostAsJsonAsync($"/api/orders/{ids[1]}/pay", new { paymentId = "pay-1", amount = shop.Price }, Cancel)).EnsureSuccessStatusCode();
        var refused = await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o"), 1_000), Cancel);
        var retried = await member.PostAsJsonAsync("/api/orders", shop.Order(ids[2], 1), Cancel);
        var orders = $"/api/members/{shop.Member}/orders";

        var first = await member.GetFromJsonAsync<MemberOrderPage>($"{orders}?take=2", Cancel);
        var second = await member.GetFromJsonAsync<MemberOrderPage>($"{orders}?take=2&before={first!.Next}", Cancel);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var asOps = await ops.GetFromJsonAsync<MemberOrderPage>(orders, Cancel);
        using var someoneElse = _app.ClientAs(TestIds.New("member"), Roles.Member);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Created), (refused.StatusCode, retried.StatusCode));
        Assert.Equal([ids[2], ids[1]], first.Orders.Select(o => o.OrderId));
        Assert.Equal(ids[1], first.Next);
        Assert.Equal([ids[0]], second!.Orders.Select(o => o.OrderId));
        Assert.Null(second.Next);
        Assert.Equal([OrderStatus.Reserved, OrderStatus.Paid, OrderStatus.Cancelled], first.Orders.Concat(second.Orders).Select(o => o.Status));
        Assert.Equal(ids.Reverse(), asOps!.Orders.Select(o => o.OrderId));
        Assert.Null(asOps.Next);
        Assert.Equal(HttpStatusCode.Forbidden, (await someoneElse.GetAsync(orders, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guide.GetAsync(orders, Cancel)).StatusCode);
    }

    [Fact]
    public async Task AMembersOrders_InSomeStatuses_AreListedAlone_PagesGoingOnWhereTheLookingStopped()
    {
        // Each listing looks at three orders at most here (500 by default): pages end early, and following them finds
        // every order in those statuses, once, newest first.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Members:OrderStatusScan"] = "3" });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var member = app.ClientAs(shop.Member, Roles.Member);
        var ids = Enumerable.Range(0, 6).Select(_ => TestIds.New("o")).ToArray(); // paid, reserved, cancelled, paid, reserved, paid
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            (await member.PostAsJsonAsync("/api/orders", shop.Order(id), Cancel)).EnsureSuccessStatusCode();
            if (i is 0 or 3 or 5)
            {
                (await member.PostAsJsonAsync($"/api/orders/{id}/pay", new { paymentId = "pay-1", amount = shop.Price }, Cancel)).EnsureSuccessStatusCode();
            }
            else if (i == 2)
            {
                (await member.PostAsync($"/api/orders/{id}/cancel", null, Cancel)).EnsureSuccessStatusCode();
            }
        }

        async Task<List<MemberOrderPage>> Pages(string query)
        {
            var pages = new List<MemberOrderPage>();
            string? before = null;
            do
            {
                var page = (await member.GetFromJsonAsync<MemberOrderPage>($"/api/members/{shop.Member}/orders?{query}{(before is null ? "" : $"&before={before}")}", Cancel))!;
                pages.Add(page);
                before = page.Next;
            }
            while (before is not null);
            return pages;
        }

        var paid = await Pages("status=paid&take=2");
        var open = await Pages("status=Reserved,CANCELLED");
        var onePaidAtATime = await Pages("status=paid&take=1"); // read in rounds of 2, then 1, within the scan of 3

        Assert.Equal([[ids[5], ids[3]], [ids[0]], []], paid.Select(p => p.Orders.Select(o => o.OrderId).ToArray()));
        Assert.Equal([ids[4], ids[2], ids[1]], open.SelectMany(p => p.Orders).Select(o => o.OrderId));
        Assert.All(open.SelectMany(p => p.Orders), o => Assert.Contains(o.Status, new[] { OrderStatus.Reserved, OrderStatus.Cancelled }));
        Assert.Equal([ids[5], ids[3], ids[0]], onePaidAtATime.SelectMany(p => p.Orders).Select(o => o.OrderId));
        Assert.All(onePaidAtATime, p => Assert.True(p.Orders.Length <= 1));
    }

    [Theory]
    [InlineData("?take=0", "take")]
    [InlineData("?take=101", "take")]
    [InlineData("?before=not%20an%20id", "before")]
    [InlineData("?before=an-order-of-someone-else", "before")]
    [InlineData("?status=shipped", "status")]
    [InlineData("?status=paid,", "status")]
    [InlineData("?status=1", "status")]
    public async Task AMembersOrders_AskedWithAPageTheyCannotHave_AreAValidationProblem(string query, string field)
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);

        var response = await member.GetAsync($"/api/members/{shop.Member}/orders{query}", Cancel);

        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblem>(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationFailed, problem!.Code);
        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public async Task TheOrdersOfAMemberNoOneKnows_AreNotFound()
    {
        using var ops = _app.ClientAs("ops-1", Roles.Ops);

        var response = await ops.GetAsync($"/api/members/{TestIds.New("member")}/orders", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"unknown-member\"", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task AnOrderWithTheLongestId_IsPlacedPaidAndCancelledLikeAnyOther()
    {
        // Its lines' reservations are named after it ("{orderId}.{line}"), longer than any id a client may send.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var paidId = TestIds.New("o").PadRight(Validation.MaxIdLength, 'p');
        var cancelledId = TestIds.New("o").PadRight(Validation.MaxIdLength, 'c');

        var placed = await member.PostAsJsonAsync("/api/orders", shop.Order(paidId, 2), Cancel);
        var toCancel = await member.PostAsJsonAsync("/api/orders", shop.Order(cancelledId, 3), Cancel);
        var paid = await member.PostAsJsonAsync($"/api/orders/{paidId}/pay", new { paymentId = "pay-1", amount = 2 * shop.Price }, Cancel);
        var cancelled = await member.PostAsync($"/api/orders/{cancelledId}/cancel", null, Cancel);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], [placed.StatusCode, toCancel.StatusCode]);
        Assert.Equal(OrderStatus.Paid, (await paid.Content.ReadFromJsonAsync<Order>(Cancel))!.Status);
        Assert.Equal(OrderStatus.Cancelled, (await cancelled.Content.ReadFromJsonAsync<Order>(Cancel))!.Status);
        var stock = await member.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel);
        Assert.Equal((38L, 0L), (stock!.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task AMembersUnpaidOrders_AndOwnReservations_HoldTogetherAtMostTheLimit_AndAnOrdersReservationIsNotTheirsToRelease()
    {
        // Its own Edge, with a limit the shop's 40 units can reach.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Inventory:MaxHeldPerMember"] = "10" });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        using var member = app.ClientAs(shop.Member, Roles.Member);
        var stock = $"/api/inventory/{shop.RegionId}/{shop.Sku}";
        var reserve = new { reservationId = TestIds.New("r"), quantity = 4, latitude = 31.2323, longitude = 121.4735, mode = "ship" };
        (await member.PostAsJsonAsync($"{stock}/reservations", reserve, Cancel)).EnsureSuccessStatusCode();
        var first = TestIds.New("o");
        (await member.PostAsJsonAsync("/api/orders", shop.Order(first, 5), Cancel)).EnsureSuccessStatusCode();

        var tooMuch = await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o"), 2), Cancel);
        var released = await member.DeleteAsync($"{stock}/reservations/{first}.0", Cancel);
        var heldBefore = (await member.GetFromJsonAsync<InventoryView>(stock, Cancel))!.Reserved;
        (await member.PostAsync($"/api/orders/{first}/cancel", null, Cancel)).EnsureSuccessStatusCode();
        var afterCancel = await member.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o"), 6), Cancel);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.HoldLimit), (tooMuch.StatusCode, await tooMuch.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, released.StatusCode);
        Assert.Equal(9, heldBefore);
        Assert.Equal(HttpStatusCode.Created, afterCancel.StatusCode);
        Assert.Equal(10, (await member.GetFromJsonAsync<InventoryView>(stock, Cancel))!.Reserved);
    }

    [Fact]
    public async Task UnpaidOrder_ExpiresByItself_AndTheMembersConnectionHearsIt_WithoutAnyoneAsking()
    {
        // Its own Edge, so orders can expire within the test.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Orders:PaymentTtl"] = "00:00:03" });
        var shop = await DemoShop.CreateAsync(app, Cancel);
        await using var hub = app.Connect("/hubs/notifications", shop.Member, Roles.Member);
        var updates = new List<OrderUpdate>();
        hub.On<OrderUpdate>("OrderUpdate", update => { lock (updates) { updates.Add(update); } });
        await hub.StartRegisteredAsync(Cancel);
        using var member = app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");

        var placed = await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        await Eventually.True(() => { lock (updates) { return updates.Any(u => u.OrderId == orderId && u.Status == OrderStatus.Expired); } },
            within: TimeSpan.FromSeconds(15), cancellationToken: Cancel);

        var order = await member.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel);
        Assert.Equal(OrderStatus.Expired, order!.Status);
    }

    [Fact]
    public async Task Orders_OfAnotherMember_AreForbidden_AndUnknownOnesAre404()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var owner = _app.ClientAs(shop.Member, Roles.Member);
        using var stranger = _app.ClientAs("stranger", Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var orderId = TestIds.New("o");
        (await owner.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).EnsureSuccessStatusCode();

        var read = await stranger.GetAsync($"/api/orders/{orderId}", Cancel);
        var pay = await stranger.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "p", amount = shop.Price }, Cancel);
        var placeForAnother = await stranger.PostAsJsonAsync("/api/orders", shop.Order(TestIds.New("o")), Cancel);
        var unknown = await owner.GetAsync($"/api/orders/{TestIds.New("o")}", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pay.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, placeForAnother.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownOrder), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync($"/api/orders/{orderId}", Cancel)).StatusCode);
        Assert.Equal(OrderStatus.Reserved, (await owner.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task Cancel_ByTheOwnerOrOps_GivesTheStockBack_IsIdempotent_AndAPaidOrderOrAStrangerIsRefused()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var owner = _app.ClientAs(shop.Member, Roles.Member);
        using var stranger = _app.ClientAs("stranger", Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var (cancelledId, byOpsId, paidId) = (TestIds.New("o"), TestIds.New("o"), TestIds.New("o"));
        foreach (var orderId in new[] { cancelledId, byOpsId, paidId })
        {
            (await owner.PostAsJsonAsync("/api/orders", shop.Order(orderId, quantity: 2), Cancel)).EnsureSuccessStatusCode();
        }

        (await owner.PostAsJsonAsync($"/api/orders/{paidId}/pay", new { paymentId = "p-1", amount = 2 * shop.Price }, Cancel)).EnsureSuccessStatusCode();

        var byStranger = await stranger.PostAsync($"/api/orders/{cancelledId}/cancel", null, Cancel);
        var cancelled = await owner.PostAsync($"/api/orders/{cancelledId}/cancel", null, Cancel);
        var again = await owner.PostAsync($"/api/orders/{cancelledId}/cancel", null, Cancel);
        var byOps = await ops.PostAsync($"/api/orders/{byOpsId}/cancel", null, Cancel);
        var paid = await owner.PostAsync($"/api/orders/{paidId}/cancel", null, Cancel);
        var unknown = await owner.PostAsync($"/api/orders/{TestIds.New("o")}/cancel", null, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Equal(OrderStatus.Cancelled, (await cancelled.Content.ReadFromJsonAsync<Order>(Cancel))!.Status);
        Assert.Equal((HttpStatusCode.OK, OrderStatus.Cancelled), (again.StatusCode, (await again.Content.ReadFromJsonAsync<Order>(Cancel))!.Status));
        Assert.Equal(HttpStatusCode.OK, byOps.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.OrderPaid), (paid.StatusCode, await paid.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownOrder), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
        var stock = await owner.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel);
        Assert.Equal((38L, 0L, 38L), (stock!.OnHand, stock.Reserved, stock.Available));
    }

    [Fact]
    public async Task AnOrderItsCouponMakesFree_IsPaidWithAmountZero_AndANegativeAmountIs400()
    {
        // A coupon may take off as much as it asks to be spent ("100 off 100"): such an order totals 0 and is paid with 0.
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var coupon = new { couponId = "c-free", amountOff = shop.Price, minSpend = shop.Price, expiresAt = DateTimeOffset.UtcNow.AddDays(7) };
        (await guide.PostAsJsonAsync($"/api/members/{shop.Member}/coupons", coupon, Cancel)).EnsureSuccessStatusCode();
        var orderId = TestIds.New("o");
        var placed = await member.PostAsJsonAsync("/api/orders", shop.Order(orderId, couponId: "c-free"), Cancel);
        var order = await placed.Content.ReadFromJsonAsync<Order>(Cancel);

        var negative = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = -1 }, Cancel);
        var paid = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = 0 }, Cancel);

        Assert.Equal((HttpStatusCode.Created, shop.Price, 0L), (placed.StatusCode, order!.Discount, order.Total));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (negative.StatusCode, await negative.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var paidOrder = await paid.Content.ReadFromJsonAsync<Order>(Cancel);
        Assert.Equal((OrderStatus.Paid, 0L), (paidOrder!.Status, paidOrder.Settlement.Sum(s => s.Amount)));
        var stock = await member.GetFromJsonAsync<InventoryView>($"/api/inventory/{shop.RegionId}/{shop.Sku}", Cancel);
        Assert.Equal((39L, 0L), (stock!.OnHand, stock.Reserved));
    }

    [Fact]
    public async Task Pay_WithTheWrongAmount_Is422_AndMalformedBodiesAre400_AndNothingChanges()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).EnsureSuccessStatusCode();
        using var malformed = new StringContent("{\"paymentId\":\"p\",\"amount\":\"lots\"}", Encoding.UTF8, "application/json");

        var wrongAmount = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "p", amount = 1 }, Cancel);
        var badBody = await member.PostAsync($"/api/orders/{orderId}/pay", malformed, Cancel);
        var noLines = await member.PostAsJsonAsync("/api/orders", new { orderId = TestIds.New("o"), memberId = shop.Member, regionId = shop.RegionId, storeId = shop.DirectStore, lines = Array.Empty<object>(), mode = "ship", latitude = 31.2, longitude = 121.4 }, Cancel);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.AmountMismatch), (wrongAmount.StatusCode, await wrongAmount.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (noLines.StatusCode, await noLines.ProblemCodeAsync()));
        Assert.Equal(OrderStatus.Reserved, (await member.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task StoreStaff_FulfilTheirOwnStoresOrders_AndRingUpSales_OthersAreForbidden()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ownGuide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        var orderId = TestIds.New("o");
        var order = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "p", amount = order!.Total }, Cancel)).EnsureSuccessStatusCode();

        var queue = await ownGuide.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{shop.DirectStore}/fulfilment", Cancel);
        var foreign = await otherGuide.PostAsync($"/api/stores/{shop.DirectStore}/orders/{orderId}/fulfil", null, Cancel);
        var fulfilled = await ownGuide.PostAsync($"/api/stores/{shop.DirectStore}/orders/{orderId}/fulfil", null, Cancel);
        var sale = await ownGuide.PostAsJsonAsync($"/api/stores/{shop.DirectStore}/sales", new { saleId = TestIds.New("s"), guideId = shop.DirectGuide, memberId = shop.Member, amount = 12_800 }, Cancel);
        var saleElsewhere = await otherGuide.PostAsJsonAsync($"/api/stores/{shop.DirectStore}/sales", new { saleId = TestIds.New("s"), guideId = shop.FranchiseGuide, amount = 100 }, Cancel);

        Assert.Equal(orderId, Assert.Single(queue!).OrderId);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(OrderStatus.Fulfilled, (await fulfilled.Content.ReadFromJsonAsync<Order>(Cancel))!.Status);
        Assert.Equal(HttpStatusCode.OK, sale.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, saleElsewhere.StatusCode);
        var guideView = await ownGuide.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel);
        Assert.Equal((order.Total + 12_800, 2), (guideView!.Today.SalesAmount, guideView.Today.Orders));
    }

    [Fact]
    public async Task AFranchisee_SeesItsOwnStoresQueue_ButNeitherAnothersNorTheCountersWork()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var dealer = _app.ClientAs(shop.Dealer, Roles.Dealer);
        using var anotherDealer = _app.ClientAs(TestIds.New("dealer"), Roles.Dealer);
        using var brand = _app.ClientAs("brand", Roles.Dealer); // the direct store's owner account is the brand's, not a franchisee's
        var pickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);

        var queue = await dealer.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{shop.FranchiseStore}/fulfilment", Cancel);
        var summary = await dealer.GetFromJsonAsync<StoreFulfilmentSummary>($"/api/stores/{shop.FranchiseStore}/fulfilment/summary", Cancel);
        var notTheirs = await anotherDealer.GetAsync($"/api/stores/{shop.FranchiseStore}/fulfilment", Cancel);
        var notTheirSummary = await anotherDealer.GetAsync($"/api/stores/{shop.FranchiseStore}/fulfilment/summary", Cancel);
        var direct = await brand.GetAsync($"/api/stores/{shop.DirectStore}/fulfilment", Cancel);
        var unknown = await dealer.GetAsync($"/api/stores/{TestIds.New("store")}/fulfilment/summary", Cancel);
        var counter = await dealer.GetAsync($"/api/stores/{shop.FranchiseStore}/pickups?code={pickup.PickupCode}", Cancel);
        var fulfil = await dealer.PostAsJsonAsync($"/api/stores/{shop.FranchiseStore}/orders/{pickup.OrderId}/fulfil", new { pickupCode = pickup.PickupCode }, Cancel);

        Assert.Equal(pickup.OrderId, Assert.Single(queue!).OrderId);
        Assert.Equal((shop.FranchiseStore, 1, 0, 1, queue![0].ConfirmedAt), (summary!.StoreId, summary.Waiting, summary.ToShip, summary.ToHandOver, summary.OldestConfirmedAt));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (notTheirs.StatusCode, await notTheirs.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (notTheirSummary.StatusCode, await notTheirSummary.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownStore), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden"), (direct.StatusCode, await direct.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (counter.StatusCode, fulfil.StatusCode));
        Assert.Equal(OrderStatus.Paid, (await member.GetFromJsonAsync<Order>($"/api/orders/{pickup.OrderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task AReservationConfirmedWithoutAnOrder_IsFulfilledByItsStore_OnceWithOneAnswer_AndAnOrdersReservationIsNot()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ownGuide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        var stock = $"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations";
        var (confirmedId, heldId) = (TestIds.New("r"), TestIds.New("r"));
        foreach (var reservationId in new[] { confirmedId, heldId })
        {
            var reservation = new { reservationId, quantity = 2, latitude = 31.2352, longitude = 121.4800, mode = "pickup", pickupStoreId = shop.DirectStore };
            (await member.PostAsJsonAsync(stock, reservation, Cancel)).EnsureSuccessStatusCode();
        }

        (await member.PostAsync($"{stock}/{confirmedId}/confirm", null, Cancel)).EnsureSuccessStatusCode();
        var orderId = TestIds.New("o");
        var order = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "p", amount = order!.Total }, Cancel)).EnsureSuccessStatusCode();
        string Fulfil(string storeId, string reservationId) => $"/api/stores/{storeId}/reservations/{shop.Sku}/{reservationId}/fulfil";

        var byMember = await member.PostAsync(Fulfil(shop.DirectStore, confirmedId), null, Cancel);
        var byOtherStoresGuide = await otherGuide.PostAsync(Fulfil(shop.DirectStore, confirmedId), null, Cancel);
        var atOtherStore = await otherGuide.PostAsync(Fulfil(shop.FranchiseStore, confirmedId), null, Cancel);
        var held = await ownGuide.PostAsync(Fulfil(shop.DirectStore, heldId), null, Cancel);
        var ordersOwn = await ownGuide.PostAsync(Fulfil(shop.DirectStore, order.Lines[0].ReservationId), null, Cancel);
        var badId = await ownGuide.PostAsync(Fulfil(shop.DirectStore, "no spaces"), null, Cancel);
        var refusedQueue = await ownGuide.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{shop.DirectStore}/fulfilment", Cancel);
        // Two staff at once, then one again after an answer that never came: one fulfilment, one answer.
        var atOnce = await Task.WhenAll(ownGuide.PostAsync(Fulfil(shop.DirectStore, confirmedId), null, Cancel), ops.PostAsync(Fulfil(shop.DirectStore, confirmedId), null, Cancel));
        var again = await ownGuide.PostAsync(Fulfil(shop.DirectStore, confirmedId), null, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherStoresGuide.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownReservation), (atOtherStore.StatusCode, await atOtherStore.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownReservation), (held.StatusCode, await held.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.ReservationOfOrder), (ordersOwn.StatusCode, await ordersOwn.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownReservation), (badId.StatusCode, await badId.ProblemCodeAsync()));
        Assert.Equal([orderId, $"{shop.Sku}/{confirmedId}"], refusedQueue!.Select(f => f.FulfilmentId).Order(StringComparer.Ordinal));

        var first = await atOnce[0].Content.ReadFromJsonAsync<ReservationFulfilment>(Cancel);
        Assert.Equal(
            (shop.DirectStore, $"{shop.Sku}/{confirmedId}", confirmedId, 2, FulfilmentMode.Pickup),
            (first!.StoreId, first.FulfilmentId, first.ReservationId, first.Quantity, first.Mode));
        Assert.Equal(first, await atOnce[1].Content.ReadFromJsonAsync<ReservationFulfilment>(Cancel));
        Assert.Equal(first, await again.Content.ReadFromJsonAsync<ReservationFulfilment>(Cancel));
        var queue = await ownGuide.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{shop.DirectStore}/fulfilment", Cancel);
        Assert.Equal(orderId, Assert.Single(queue!).FulfilmentId);
        Assert.Equal(OrderStatus.Paid, (await member.GetFromJsonAsync<Order>($"/api/orders/{orderId}", Cancel))!.Status);
    }

    [Fact]
    public async Task APickUpCodeTheMemberShows_FindsTheirOrderAmongTheStoresWaiting_ToTheStoresStaffAlone()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ownGuide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        using var otherGuide = _app.ClientAs(shop.FranchiseGuide, Roles.Guide);
        var first = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
        var second = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore, 2), Cancel);
        await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel); // shipped: it has no code
        var unused = DemoShop.PickupCodeOtherThan(first, second);
        string Find(string storeId, string code) => $"/api/stores/{storeId}/pickups?code={code}";

        var found = await ownGuide.GetFromJsonAsync<StoreFulfilment>(Find(shop.DirectStore, second.PickupCode!), Cancel);
        var none = await ownGuide.GetAsync(Find(shop.DirectStore, unused), Cancel);
        var elsewhere = await otherGuide.GetAsync(Find(shop.FranchiseStore, second.PickupCode!), Cancel);
        var byOtherStoresGuide = await otherGuide.GetAsync(Find(shop.DirectStore, second.PickupCode!), Cancel);
        var byMember = await member.GetAsync(Find(shop.DirectStore, second.PickupCode!), Cancel);
        var malformed = await ownGuide.GetAsync(Find(shop.DirectStore, "12345"), Cancel);
        var missing = await ownGuide.GetAsync($"/api/stores/{shop.DirectStore}/pickups", Cancel);
        (await ownGuide.PostAsJsonAsync($"/api/stores/{shop.DirectStore}/orders/{second.OrderId}/fulfil", new { pickupCode = second.PickupCode }, Cancel)).EnsureSuccessStatusCode();
        var handedOver = await ownGuide.GetAsync(Find(shop.DirectStore, second.PickupCode!), Cancel);

        Assert.Equal((second.OrderId, FulfilmentMode.Pickup, 2), (found!.OrderId, found.Mode, found.Lines.Single().Quantity));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownPickupCode), (none.StatusCode, await none.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownPickupCode), (elsewhere.StatusCode, await elsewhere.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, byOtherStoresGuide.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (malformed.StatusCode, await malformed.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (missing.StatusCode, await missing.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownPickupCode), (handedOver.StatusCode, await handedOver.ProblemCodeAsync()));
    }

    [Fact]
    public async Task AStoresQueue_ByModeAndTheOldestSoMany_AndAskedForWhatItCannotBe_IsAValidationProblem()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var shipped = await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        var pickups = new[]
        {
            await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel),
            await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel),
        };
        var queue = $"/api/stores/{shop.DirectStore}/fulfilment";

        var all = await guide.GetFromJsonAsync<StoreFulfilment[]>(queue, Cancel);
        var oldestTwo = await guide.GetFromJsonAsync<StoreFulfilment[]>($"{queue}?take=2", Cancel);
        var toHandOver = await guide.GetFromJsonAsync<StoreFulfilment[]>($"{queue}?mode=pickup", Cancel);
        var toShip = await guide.GetFromJsonAsync<StoreFulfilment[]>($"{queue}?mode=ship&take=1", Cancel);
        var badMode = await guide.GetAsync($"{queue}?mode=air", Cancel);
        var badTake = await guide.GetAsync($"{queue}?take=0", Cancel);

        Assert.Equal([shipped.OrderId, pickups[0].OrderId, pickups[1].OrderId], all!.Select(f => f.OrderId));
        Assert.Equal([shipped.OrderId, pickups[0].OrderId], oldestTwo!.Select(f => f.OrderId));
        Assert.Equal(pickups.Select(o => o.OrderId), toHandOver!.Select(f => f.OrderId));
        Assert.Equal([shipped.OrderId], toShip!.Select(f => f.OrderId));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (badMode.StatusCode, await badMode.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (badTake.StatusCode, await badTake.ProblemCodeAsync()));
    }

    [Fact]
    public async Task ARegionsStores_ByHowLongTheirOrdersWait_ToOperationsAlone()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        using var member = _app.ClientAs(shop.Member, Roles.Member);
        using var ops = _app.ClientAs("ops-1", Roles.Ops);
        using var guide = _app.ClientAs(shop.DirectGuide, Roles.Guide);
        var franchisePickup = await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);
        await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel);
        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), Cancel);
        var before = await ops.GetFromJsonAsync<StoreFulfilmentSummary[]>($"/api/regions/{shop.RegionId}/fulfilment", Cancel);
        (await ops.PostAsJsonAsync($"/api/stores/{shop.FranchiseStore}/orders/{franchisePickup.OrderId}/fulfil", new { pickupCode = franchisePickup.PickupCode }, Cancel))
            .EnsureSuccessStatusCode();

        var after = await ops.GetFromJsonAsync<StoreFulfilmentSummary[]>($"/api/regions/{shop.RegionId}/fulfilment", Cancel);
        var byGuide = await guide.GetAsync($"/api/regions/{shop.RegionId}/fulfilment", Cancel);
        var unknown = await ops.GetAsync($"/api/regions/{TestIds.New("sh")}/fulfilment", Cancel);

        Assert.Equal(
            [(shop.FranchiseStore, "Xujiahui", 1, 0, 1), (shop.DirectStore, "Nanjing Road East", 2, 1, 1)],
            before!.Select(s => (s.StoreId, s.Name, s.Waiting, s.ToShip, s.ToHandOver)));
        Assert.Equal([(shop.DirectStore, 2, true), (shop.FranchiseStore, 0, false)], after!.Select(s => (s.StoreId, s.Waiting, s.OldestConfirmedAt is not null)));
        Assert.Equal(HttpStatusCode.Forbidden, byGuide.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownRegion), (unknown.StatusCode, await unknown.ProblemCodeAsync()));
    }
}
