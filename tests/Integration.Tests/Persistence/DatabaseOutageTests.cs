using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Persistence;

/// <summary>The database unreachable for a while, as a network blip or a failover would make it.</summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reservations_CaughtByAnOutage_AreRefusedAsUnavailable_NothingAcknowledgedIsLost_AndRetriesCountOnce()
    {
        await using var outage = await StorageBehindRelay.StartAsync();
        var (relay, edge, shop) = (outage.Relay, outage.Edge, outage.Shop);
        using var member = edge.ClientAs(shop.Member, Roles.Member);
        var pool = $"/api/inventory/{shop.RegionId}/{shop.Sku}";
        Task<HttpResponseMessage> Reserve(string id) => member.PostAsJsonAsync(
            $"{pool}/reservations", new { reservationId = id, quantity = 1, latitude = 31.2323, longitude = 121.4735, mode = "ship" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, (await Reserve("before")).StatusCode);

        // Twenty buyers at once, the database going away among them.
        var ids = Enumerable.Range(0, 20).Select(i => $"caught-{i}").ToList();
        var caught = ids.Select(Reserve).ToList();
        relay.Cut();
        var answers = await Task.WhenAll(caught);
        var duringCut = await Reserve("during");
        var refusal = await duringCut.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        relay.Restore();

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable"), (duringCut.StatusCode, refusal.GetProperty("code").GetString()));
        var acknowledged = answers.Count(a => a.StatusCode == HttpStatusCode.Created);
        InventoryView view = null!;
        await Eventually.True(async () =>
        {
            var response = await member.GetAsync(pool, Cancel);
            view = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<InventoryView>(Cancel))! : null!;
            return view is not null;
        }, TimeSpan.FromSeconds(30), Cancel);
        Assert.InRange(view.Reserved, 1 + acknowledged, 1 + ids.Count);

        // Every refused buyer retries with the same id until answered; each reservation counts once.
        foreach (var id in ids.Append("during"))
        {
            HttpResponseMessage retried = null!;
            await Eventually.True(async () => (retried = await Reserve(id)).StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Cancel);
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }

        view = (await member.GetFromJsonAsync<InventoryView>(pool, Cancel))!;
        Assert.Equal((40L, 22L, 18L), (view.OnHand, view.Reserved, view.Available));
        using var ops = edge.ClientAs("ops-1", Roles.Ops);
        var ledger = (await ops.GetFromJsonAsync<LedgerPage>($"{pool}/ledger?after=0", Cancel))!;
        Assert.Equal((40L, 22L), (ledger.Entries.Sum(e => e.OnHandDelta), ledger.Entries.Sum(e => e.ReservedDelta)));
    }

    [Fact]
    public async Task ABuyOverTheLiveHub_CaughtByAnOutage_IsRefusedAsUnavailable_AndGoesThroughWhenRetried()
    {
        await using var outage = await StorageBehindRelay.StartAsync();
        var (relay, edge, shop) = (outage.Relay, outage.Edge, outage.Shop);
        var roomId = await shop.StartLiveRoomAsync(edge, Cancel);
        await using var host = edge.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
        await using var buyer = edge.Connect(LiveHub.Path, shop.Member, Roles.Member);
        await host.StartAsync(Cancel);
        await buyer.StartAsync(Cancel);
        await host.InvokeAsync<FlashSaleView>("StartFlashSale", roomId, "s-1", shop.Sku, 19_900L, 3, Cancel);
        var orderId = TestIds.New("o");

        relay.Cut();
        var refused = await Assert.ThrowsAsync<HubException>(() => buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderId, 1, 31.2323, 121.4735, Cancel));
        relay.Restore();

        Assert.Contains("unavailable: ", refused.Message, StringComparison.Ordinal);
        Order order = null!;
        await Eventually.True(async () =>
        {
            try
            {
                order = await buyer.InvokeAsync<Order>("Buy", roomId, "s-1", orderId, 1, 31.2323, 121.4735, Cancel);
                return true;
            }
            catch (HubException retry) when (retry.Message.Contains("unavailable: ", StringComparison.Ordinal))
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal((OrderStatus.Reserved, roomId), (order.Status, order.LiveRoomId));
        using var viewer = edge.ClientAs(shop.Member, Roles.Member);
        var room = (await viewer.GetFromJsonAsync<RoomSnapshot>($"/api/live-rooms/{roomId}", Cancel))!;
        Assert.Equal(2, room.FlashSales.Single().Remaining);
    }

    [Fact]
    public async Task APaymentCaughtByAnOutage_IsRefusedAsUnavailable_AndRetried_CountsOnceForTheGuideAndTheBoards()
    {
        await using var outage = await StorageBehindRelay.StartAsync();
        var (relay, edge, shop) = (outage.Relay, outage.Edge, outage.Shop);
        using var member = edge.ClientAs(shop.Member, Roles.Member);
        var orderId = TestIds.New("o");
        var placed = (await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId, quantity: 2), Cancel)).Content.ReadFromJsonAsync<Order>(Cancel))!;
        var payment = new { paymentId = "pay-1", amount = placed.Total };

        relay.Cut();
        var refused = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", payment, Cancel);
        var refusal = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        relay.Restore();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable"), (refused.StatusCode, refusal.GetProperty("code").GetString()));
        HttpResponseMessage paid = null!;
        await Eventually.True(async () =>
            (paid = await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", payment, Cancel)).StatusCode != HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal(OrderStatus.Paid, (await paid.Content.ReadFromJsonAsync<Order>(Cancel))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", payment, Cancel)).StatusCode);

        using var ops = edge.ClientAs("ops-1", Roles.Ops);
        await Eventually.True(async () =>
            (await ops.GetFromJsonAsync<JsonElement>($"/api/leaderboards/guide-sales/rank/{shop.DirectGuide}?scope=all", Cancel)).GetProperty("score").GetInt64() == placed.Total,
            TimeSpan.FromSeconds(30), Cancel);
        var today = (await ops.GetFromJsonAsync<GuideView>($"/api/guides/{shop.DirectGuide}", Cancel))!.Today;
        Assert.Equal((placed.Total, 1), (today.SalesAmount, today.Orders));
        await Task.Delay(500, Cancel);
        Assert.Equal(placed.Total, (await ops.GetFromJsonAsync<JsonElement>($"/api/leaderboards/guide-sales/rank/{shop.DirectGuide}?scope=all", Cancel)).GetProperty("score").GetInt64());
    }

    /// <summary>A fresh database, reached only through a relay a test can cut; an Edge on it; a small shop set up.</summary>
    private sealed class StorageBehindRelay : IAsyncDisposable
    {
        private PostgresTestDatabase _database = null!;

        public TcpRelay Relay { get; private set; } = null!;

        public EdgeApplication Edge { get; private set; } = null!;

        public DemoShop Shop { get; private set; } = null!;

        public static async Task<StorageBehindRelay> StartAsync()
        {
            var setup = new StorageBehindRelay { _database = await PostgresTestDatabase.CreateAsync() };
            var server = new NpgsqlConnectionStringBuilder(setup._database.ConnectionString);
            setup.Relay = new TcpRelay($"{server.Host}:{server.Port}");

            // Membership stays on localhost: the outage is the storage's.
            var settings = setup._database.ClusterSettings(TestIds.New("cluster"));
            settings["ConnectionStrings:PostgreSQL"] = new NpgsqlConnectionStringBuilder(setup._database.ConnectionString) { Host = "127.0.0.1", Port = setup.Relay.Port, Timeout = 3 }.ConnectionString;
            settings["Orleans:Membership"] = "Localhost";
            setup.Edge = new EdgeApplication(settings);
            setup.Shop = await DemoShop.CreateAsync(setup.Edge, Cancel);
            return setup;
        }

        public async ValueTask DisposeAsync()
        {
            await Edge.DisposeAsync();
            await Relay.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
