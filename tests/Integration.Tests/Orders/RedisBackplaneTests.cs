using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Orders;

/// <summary>Two Edge processes' worth of hosts over one cluster and one Redis: a user's pushes reach them on either Edge.</summary>
public sealed class RedisBackplaneTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UserPush_SentByOneEdge_ReachesTheUserConnectedToTheOther_ThroughRedis()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        await using var memberOnB = edgeB.Connect(NotificationsHub.Path, "member-on-b", Roles.Member);
        var received = new List<OrderUpdate>();
        memberOnB.On<OrderUpdate>("OrderUpdate", update => { lock (received) { received.Add(update); } });
        await memberOnB.StartRegisteredAsync(Cancel);

        // Straight through edge A's hub context: edge A has no connection of this user, so only Redis can deliver it.
        await edgeA.Services.GetRequiredService<IHubContext<NotificationsHub, INotificationsClient>>()
            .Clients.User(ClaimsPrincipalExtensions.UserKeyOf(Roles.Member, "member-on-b")).OrderUpdate(new OrderUpdate("o-redis", OrderStatus.Paid));

        await Eventually.True(() => received.Count == 1, TimeSpan.FromSeconds(30), Cancel);
        await Task.Delay(300, Cancel);
        Assert.Equal(new OrderUpdate("o-redis", OrderStatus.Paid), Assert.Single(received));
    }

    [Fact]
    public async Task Health_SaysWhenTheBackplaneLosesRedis_StillAnswering200_AndWhenItIsBack()
    {
        await using var redis = new TcpRelay(TestServers.RedisConnection);
        await using var edge = new EdgeApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.Address });
        using var client = edge.CreateClient();
        async Task<(HttpStatusCode Code, HealthResponse? Health)> Health()
        {
            var response = await client.GetAsync("/health", Cancel);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<HealthResponse>(Cancel));
        }

        await Eventually.True(async () => (await Health()).Health?.Backplane == "connected", TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal((HttpStatusCode.OK, "healthy"), ((await Health()).Code, (await Health()).Health!.Status));

        redis.Cut();
        await Eventually.True(async () => (await Health()).Health?.Backplane == "disconnected", TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal((HttpStatusCode.OK, "degraded"), ((await Health()).Code, (await Health()).Health!.Status));

        redis.Restore();
        await Eventually.True(async () => (await Health()).Health is { Backplane: "connected", Status: "healthy" }, TimeSpan.FromSeconds(60), Cancel);
    }

    [Fact]
    public async Task WhileRedisIsDown_PayingOnOneEdge_StillNotifiesTheMemberOnTheOther_Once_AndThroughRedisOnceItIsBack()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var redis = new TcpRelay(TestServers.RedisConnection);
        var clusterId = TestIds.New("cluster");
        var backplane = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.Address };
        await using var edgeA = PostgresEdge.Start(database, clusterId, backplane);
        await using var edgeB = PostgresEdge.Start(database, clusterId, backplane);
        var shop = await DemoShop.CreateAsync(edgeA, Cancel);
        await using var memberOnB = edgeB.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
        await using var opsOnB = edgeB.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        await using var franchiseeOnB = edgeB.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer);
        var updates = new List<OrderUpdate>();
        var watched = new List<GuideAlert>();
        var storeAlerts = new List<StoreAlert>();
        var accountAlerts = new List<StoreAlert>();
        memberOnB.On<OrderUpdate>("OrderUpdate", u => { lock (updates) { updates.Add(u); } });
        opsOnB.On<GuideAlert>("GuideAlert", a => { lock (watched) { watched.Add(a); } });
        opsOnB.On<StoreAlert>("StoreAlert", a => { lock (storeAlerts) { storeAlerts.Add(a); } });
        franchiseeOnB.On<StoreAlert>("StoreAlert", a => { lock (accountAlerts) { accountAlerts.Add(a); } });
        await memberOnB.StartRegisteredAsync(Cancel);
        await Task.WhenAll(opsOnB.StartAsync(Cancel), franchiseeOnB.StartAsync(Cancel));
        await opsOnB.InvokeAsync("WatchGuide", shop.DirectGuide, Cancel);
        await opsOnB.InvokeAsync("WatchStore", shop.FranchiseStore, Cancel); // where the orders are picked up
        await franchiseeOnB.InvokeAsync("WatchAccount", shop.Dealer, Cancel); // which owns that store
        using var member = edgeA.ClientAs(shop.Member, Roles.Member);
        int StoreAlertsHeardByBoth()
        {
            lock (storeAlerts)
            {
                lock (accountAlerts)
                {
                    return Math.Min(storeAlerts.Count, accountAlerts.Count);
                }
            }
        }

        async Task<string> PlaceAndPay()
        {
            var orderId = TestIds.New("o");
            var order = await (await member.PostAsJsonAsync("/api/orders", shop.PickUp(orderId, shop.FranchiseStore), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
            (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order!.Total }, Cancel)).EnsureSuccessStatusCode();
            return orderId;
        }

        // Once both Edges know their backplane is down (a publish in the moment before would wait in the Redis client's backlog).
        using var healthA = edgeA.CreateClient();
        using var healthB = edgeB.CreateClient();
        async Task BothBackplanes(string state) => await Eventually.True(
            async () => (await healthA.GetFromJsonAsync<HealthResponse>("/health", Cancel))!.Backplane == state
                && (await healthB.GetFromJsonAsync<HealthResponse>("/health", Cancel))!.Backplane == state,
            TimeSpan.FromSeconds(60), Cancel);

        // Without Redis a push reaches the Edges the directory lists: both must have registered (they do at start).
        var directory = edgeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        await Eventually.True(async () => (await directory.GetEdges()).Length == 2, TimeSpan.FromSeconds(30), Cancel);
        redis.Cut();
        await BothBackplanes("disconnected");
        var paidWhileDown = await PlaceAndPay();
        bool Watched(string orderId)
        {
            lock (watched)
            {
                return watched.Any(a => a.OrderId == orderId);
            }
        }

        await Eventually.True(() => updates.Any(u => u.OrderId == paidWhileDown) && Watched(paidWhileDown) && StoreAlertsHeardByBoth() == 1, TimeSpan.FromSeconds(10), Cancel);

        // Through Redis again once it is back: the watchers are still in the guide's, the store's and the account's groups.
        redis.Restore();
        await BothBackplanes("connected");
        var paidAfter = await PlaceAndPay();
        await Eventually.True(() => updates.Any(u => u.OrderId == paidAfter) && Watched(paidAfter) && StoreAlertsHeardByBoth() == 2, TimeSpan.FromSeconds(10), Cancel);

        await Task.Delay(500, Cancel);
        Assert.Equal(
            [new OrderUpdate(paidWhileDown, OrderStatus.Paid), new OrderUpdate(paidAfter, OrderStatus.Paid)],
            updates.Where(u => u.Status == OrderStatus.Paid));
        Assert.Equal([paidWhileDown, paidAfter], watched.Where(a => a.Kind == GuideAlertKind.OrderPaid).Select(a => a.OrderId));
        Assert.Equal([(1, 1), (1, 2)], storeAlerts.Select(a => (a.Added, a.Waiting)));
        Assert.Equal(storeAlerts, accountAlerts);
    }

    [Fact]
    public async Task PayingOnOneEdge_NotifiesTheMemberAndGuideConnectedToTheOther_ExactlyOnce()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        var shop = await DemoShop.CreateAsync(edgeA, Cancel);
        await using var memberOnB = edgeB.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
        await using var guideOnB = edgeB.Connect(NotificationsHub.Path, shop.DirectGuide, Roles.Guide, messagePack: true);
        await using var opsOnB = edgeB.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        var updates = new List<OrderUpdate>();
        var alerts = new List<GuideAlert>();
        var watched = new List<GuideAlert>();
        memberOnB.On<OrderUpdate>("OrderUpdate", u => { lock (updates) { updates.Add(u); } });
        var storeAlerts = new List<StoreAlert>();
        guideOnB.On<GuideAlert>("GuideAlert", a => { lock (alerts) { alerts.Add(a); } });
        guideOnB.On<StoreAlert>("StoreAlert", a => { lock (storeAlerts) { storeAlerts.Add(a); } });
        opsOnB.On<GuideAlert>("GuideAlert", a => { lock (watched) { watched.Add(a); } });
        await memberOnB.StartRegisteredAsync(Cancel);
        await guideOnB.StartRegisteredAsync(Cancel);
        await opsOnB.StartAsync(Cancel);
        await opsOnB.InvokeAsync("WatchGuide", shop.DirectGuide, Cancel);
        await guideOnB.InvokeAsync("WatchStore", shop.DirectStore, Cancel);
        using var member = edgeA.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");

        var order = await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel);
        (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order!.Total }, Cancel)).EnsureSuccessStatusCode();

        await Eventually.True(() => updates.Count >= 1 && alerts.Count >= 1 && watched.Count >= 1 && storeAlerts.Count >= 1, TimeSpan.FromSeconds(30), Cancel);
        await Task.Delay(500, Cancel);
        Assert.Equal(new OrderUpdate(orderId, OrderStatus.Paid), Assert.Single(updates));
        Assert.Equal((GuideAlertKind.OrderPaid, orderId), (Assert.Single(alerts).Kind, alerts[0].OrderId));
        Assert.Equal((GuideAlertKind.OrderPaid, orderId), (Assert.Single(watched).Kind, watched[0].OrderId)); // an operator watching the guide
        Assert.Equal((shop.DirectStore, 1), (Assert.Single(storeAlerts).StoreId, storeAlerts[0].Added)); // the guide watching its store
    }

    [Fact]
    public async Task AGuideMovedToAnotherStoreThroughOneEdge_HearsNoMoreOfTheOldOne_OnTheOther()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        var shop = await DemoShop.CreateAsync(edgeA, Cancel);
        await using var guideOnB = edgeB.Connect(NotificationsHub.Path, shop.DirectGuide, Roles.Guide);
        await using var opsOnB = edgeB.Connect(NotificationsHub.Path, "ops-1", Roles.Ops);
        var (guideHeard, opsHeard) = (new List<StoreAlert>(), new List<StoreAlert>());
        guideOnB.On<StoreAlert>("StoreAlert", a => { lock (guideHeard) { guideHeard.Add(a); } });
        opsOnB.On<StoreAlert>("StoreAlert", a => { lock (opsHeard) { opsHeard.Add(a); } });
        await Task.WhenAll(guideOnB.StartAsync(Cancel), opsOnB.StartAsync(Cancel));
        await guideOnB.InvokeAsync("WatchStore", shop.DirectStore, Cancel);
        await opsOnB.InvokeAsync("WatchStore", shop.DirectStore, Cancel);

        // Both Edges listed, so the move reaches the one the guide is connected to; moved through the other.
        var directory = edgeA.Services.GetRequiredService<IGrainFactory>().GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key);
        await Eventually.True(async () => (await directory.GetEdges()).Length == 2, TimeSpan.FromSeconds(30), Cancel);
        using var ops = edgeA.ClientAs("ops-1", Roles.Ops);
        (await ops.PutAsJsonAsync($"/api/guides/{shop.DirectGuide}", new { name = "Li Fang", storeId = shop.FranchiseStore, teamId = "team-a" }, Cancel))
            .EnsureSuccessStatusCode();
        using var member = edgeA.ClientAs(shop.Member, Roles.Member);
        await member.PlaceAndPayAsync(shop.Order(TestIds.New("o")), Cancel); // shipped by the direct store

        await Eventually.True(() => { lock (opsHeard) { return opsHeard.Count == 1; } }, TimeSpan.FromSeconds(30), Cancel);
        await Task.Delay(500, Cancel);
        Assert.Empty(guideHeard);
    }

    [Fact]
    public async Task AFranchiseeWatchingItsAccountOnOneEdge_HearsOnceOfAnOrderPaidThroughTheOther()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        var shop = await DemoShop.CreateAsync(edgeA, Cancel);
        await using var franchiseeOnB = edgeB.Connect(NotificationsHub.Path, shop.Dealer, Roles.Dealer, messagePack: true);
        var heard = new List<StoreAlert>();
        franchiseeOnB.On<StoreAlert>("StoreAlert", a => { lock (heard) { heard.Add(a); } });
        await franchiseeOnB.StartAsync(Cancel);
        await franchiseeOnB.InvokeAsync("WatchAccount", shop.Dealer, Cancel);
        using var member = edgeA.ClientAs(shop.Member, Roles.Member);

        await member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.FranchiseStore), Cancel);

        await Eventually.True(() => { lock (heard) { return heard.Count >= 1; } }, TimeSpan.FromSeconds(30), Cancel);
        await Task.Delay(500, Cancel);
        Assert.Equal((shop.FranchiseStore, 1, 1), (Assert.Single(heard).StoreId, heard[0].Added, heard[0].Waiting));
    }
}
