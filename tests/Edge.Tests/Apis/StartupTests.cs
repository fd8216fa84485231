using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>Each test here starts its own Edge, because each is about how one starts.</summary>
public sealed class StartupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmbeddedDefault_InDevelopment_ServesTheSeededDemoBrand()
    {
        await using var app = new EdgeApplication(AsTheAppSays("Demo:Enabled"));
        using var client = app.ClientAs("member-0001", Roles.Member);

        var stores = new List<NearbyStore>();
        foreach (var (region, latitude, longitude) in new[] { ("shanghai", 31.23, 121.47), ("beijing", 39.91, 116.40), ("hangzhou", 30.27, 120.16) })
        {
            stores.AddRange((await client.GetFromJsonAsync<NearbyStore[]>($"/api/stores/nearest?regionId={region}&latitude={latitude}&longitude={longitude}&take=100", Cancel))!);
        }

        Assert.Equal(60, stores.Count);
        Assert.Contains(stores, s => s.Store.Ownership == StoreOwnership.Franchise);
        Assert.Contains(stores, s => s.Store.Ownership == StoreOwnership.Direct);
        Assert.All(stores, s => Assert.True(s.DistanceKm < 80, $"{s.Store.StoreId} is {s.DistanceKm} km from its city centre"));
        Assert.Equal("Shanghai Nanjing Road East", (await client.GetFromJsonAsync<StoreProfile>("/api/stores/sh-01", Cancel))!.Name);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/skus/sku-0200", Cancel)).StatusCode);
    }

    [Fact]
    public async Task EmbeddedDefault_InDevelopment_OpensWithPaidOrders_EachRoomsSalesCountedToItsHost_AndFollowUpsWaiting()
    {
        await using var app = new EdgeApplication(AsTheAppSays("Demo:Enabled"));
        using var client = app.ClientAs("ops-1", Roles.Ops);

        RoomStats[] rooms = [];
        LeaderboardUpdate board = null!;
        await Eventually.True(async () =>
        {
            // Rooms report to the room list every few seconds; paid orders reach the boards within a flush.
            rooms = (await client.GetFromJsonAsync<RoomStats[]>("/api/live-rooms?status=live", Cancel))!;
            board = (await client.GetFromJsonAsync<LeaderboardUpdate>("/api/leaderboards/guide-sales?top=500", Cancel))!;
            return rooms.Length == 3 && rooms.All(room => room.Gmv > 0 && board.Entries.Any(e => e.Id == room.HostGuideId && e.Score == room.Gmv));
        }, within: TimeSpan.FromSeconds(20), cancellationToken: Cancel);

        Assert.All(rooms, room => Assert.True(room.Orders > 0));
        Assert.True(board.Entries.Length > rooms.Length, "orders outside the rooms count to the members' own guides");
        Assert.Equal(board.Entries.Length, board.Entries.Select(e => e.Name).Distinct().Count());
        // The PK on sales is a contest from the start: both teams have sold, one more than the other.
        PkUpdate pk = null!;
        await Eventually.True(async () => (pk = (await client.GetFromJsonAsync<PkUpdate>("/api/pk/demo-pk-shanghai", Cancel))!).Scores.All(s => s.Score > 0),
            cancellationToken: Cancel);
        Assert.Equal(["Shanghai Puxi", "Shanghai Pudong"], pk.Scores.Select(s => s.Name));
        Assert.NotEqual(pk.Scores[0].Score, pk.Scores[1].Score);

        // And a follow-up waiting for every fifth guide: member-0001 looked three times at a product of guide-001's store.
        FollowUp[] followUps = [];
        await Eventually.True(async () => (followUps = (await client.GetFromJsonAsync<FollowUp[]>("/api/guides/guide-001/follow-ups", Cancel))!).Length > 0,
            cancellationToken: Cancel);
        Assert.Equal(("member-0001", 3), (Assert.Single(followUps).MemberId, followUps[0].Views));

        // A guide's customers are told apart by name on the guide's page.
        var customers = (await client.GetFromJsonAsync<CustomerCardPage>("/api/guides/guide-001/customers/page", Cancel))!.Customers;
        Assert.Equal(4, customers.Length);
        Assert.Equal(customers.Length, customers.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public async Task Development_ServesDevTokens_AndWarnsOfItAtStart_ProductionDoesNeither()
    {
        using var developmentLogs = new LogCollector();
        using var productionLogs = new LogCollector();
        await using var development = new EdgeApplication(logs: developmentLogs);
        await using var production = new EdgeApplication(
            new Dictionary<string, string?> { ["Auth:SigningKey"] = new string('k', 40) }, environment: "Production", logs: productionLogs);
        static async Task<HttpStatusCode> AskForAToken(EdgeApplication app)
        {
            using var client = app.CreateClient();
            return (await client.PostAsJsonAsync("/api/dev/token", new { userId = "u", role = "ops" }, Cancel)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AskForAToken(development));
        Assert.Equal(HttpStatusCode.NotFound, await AskForAToken(production));
        static bool WarnsOfDevTokens(LogCollector.LogEntry entry) => entry.Level == LogLevel.Warning && entry.Message.Contains("/api/dev/token", StringComparison.Ordinal);
        Assert.Contains(developmentLogs.Entries, WarnsOfDevTokens);
        Assert.DoesNotContain(productionLogs.Entries, WarnsOfDevTokens);
    }

    [Fact]
    public async Task Production_SeedsNoDemoData_UnlessAskedTo()
    {
        // An Edge pointed at an empty production database must not fill it with a made-up brand.
        var key = new string('k', 40);
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Auth:SigningKey"] = key, ["Demo:Enabled"] = null }, environment: "Production");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor("ops-1", Roles.Ops));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stores/sh-01", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Production_WithoutSigningKey_FailsAtStartupNamingTheSetting()
    {
        await using var app = new EdgeApplication(environment: "Production");

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Auth:SigningKey", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembershipOnLocalhost_WithStorageInMemory_Starts_AndOrleansClusteringAsAValue_IsRefusedNamingTheRightSetting()
    {
        await using var localhost = new EdgeApplication(new Dictionary<string, string?> { ["Orleans:Membership"] = "Localhost" });
        await using var misnamed = new EdgeApplication(new Dictionary<string, string?> { ["Orleans:Clustering"] = "Localhost" });

        using var client = localhost.CreateClient();
        var error = Assert.ThrowsAny<Exception>(misnamed.StartServer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Contains("use Orleans:Membership=Localhost", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownStorageProvider_FailsAtStartupNamingTheSetting()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Storage:Provider"] = "Cassandra" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Storage:Provider", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Cassandra", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReservationsTooShortForAFlashSale_FailAtStartupNamingBothSettings()
    {
        // Long enough for an order paid in five minutes (and its grace), not for a flash sale.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Inventory:MaxReservationTtl"] = "00:10:00", ["Orders:PaymentTtl"] = "00:05:00" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Inventory:MaxReservationTtl (00:10:00) must be at least LiveRooms:BuyTtl (00:05:00) plus Orders:ConfirmGrace (00:02:00) plus 11 minutes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APaymentWindowLongerThanThePoolsHoldStock_FailsAtStartupNamingTheSettings()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Orders:PaymentTtl"] = "1.00:00:00" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Orders:PaymentTtl (1.00:00:00) plus Orders:ConfirmGrace (00:02:00) must be at most Inventory:MaxReservationTtl (1.00:00:00)",
            error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEdgeRefreshingItsViewersLessOftenThanRoomsRememberIt_FailsAtStartupNamingTheSettings()
    {
        // Rooms would forget this Edge a minute after its last refresh, and its viewers see nothing for four more.
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["LiveEdge:ViewerRefreshInterval"] = "00:05:00" });
        await using var scoringForgetsSooner = new EdgeApplication(new Dictionary<string, string?> { ["Scoring:EdgeSilence"] = "00:00:30" });
        await using var poolsForgetSooner = new EdgeApplication(new Dictionary<string, string?> { ["Inventory:EdgeSilence"] = "00:00:30" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);
        var scoringError = Assert.ThrowsAny<Exception>(scoringForgetsSooner.StartServer);
        var poolsError = Assert.ThrowsAny<Exception>(poolsForgetSooner.StartServer);

        Assert.Contains(
            "LiveEdge:ViewerRefreshInterval (00:05:00) must be at most a third of LiveRooms:EdgeSilence (00:01:00), of Scoring:EdgeSilence (00:01:00) and of Inventory:EdgeSilence (00:01:00)",
            error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Scoring:EdgeSilence (00:00:30)", scoringError.ToString(), StringComparison.Ordinal);
        Assert.Contains("Inventory:EdgeSilence (00:00:30)", poolsError.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The isolation defaults, less the named settings: for those the app's own appsettings decide.</summary>
    private static Dictionary<string, string?> AsTheAppSays(string setting) => new() { [setting] = null };
}
