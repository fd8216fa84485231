using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.Live;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Cluster;

/// <summary>Silo processes killed under an Edge in client mode, the production topology.</summary>
public sealed class SiloLossTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhenTheSilosHoldingARoomABoardAndTheEdgeDirectoryDie_TheEdgeReportsAgain_AndItsClientsHearThemWithinSeconds()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var clusterId = TestIds.New("cluster");
        var siloSettings = database.ClusterSettings(clusterId);

        // Rooms, boards and pools remember a silent Edge for ten minutes, so this Edge may refresh as seldom as every 200 s.
        siloSettings["LiveRooms:EdgeSilence"] = siloSettings["Scoring:EdgeSilence"] = siloSettings["Inventory:EdgeSilence"] = "00:10:00";
        var silos = Enumerable.Range(0, 3).Select(_ => SiloProcess.Start(siloSettings)).ToList();
        try
        {
            await using var edge = new EdgeApplication(new Dictionary<string, string?>
            {
                ["Orleans:Mode"] = "Client",
                ["Storage:Provider"] = "PostgreSQL",
                ["ConnectionStrings:PostgreSQL"] = database.ConnectionString,
                ["Orleans:ClusterId"] = clusterId,
                ["LiveRooms:EdgeSilence"] = "00:10:00",
                ["Scoring:EdgeSilence"] = "00:10:00",
                ["Inventory:EdgeSilence"] = "00:10:00",

                // Longer than the test: only noticing the lost silos can bring the room's viewers back in time.
                ["LiveEdge:ViewerRefreshInterval"] = "00:03:20",
            });
            var shop = await DemoShop.CreateAsync(edge, Cancel);
            var roomId = await shop.StartLiveRoomAsync(edge, Cancel);

            await using var viewerConnection = edge.Connect(LiveHub.Path, "viewer-1", Roles.Member);
            var viewer = await RoomWatcher.JoinAsync(viewerConnection, roomId, Cancel);
            await using var host = edge.Connect(LiveHub.Path, shop.DirectGuide, Roles.Guide);
            await host.StartAsync(Cancel);
            await host.InvokeAsync<RoomSnapshot>("JoinRoom", roomId, Cancel); // a comment comes from the room
            await using var memberPushes = edge.Connect(NotificationsHub.Path, shop.Member, Roles.Member);
            var updates = new List<OrderUpdate>();
            memberPushes.On<OrderUpdate>("OrderUpdate", u => { lock (updates) { updates.Add(u); } });
            await memberPushes.StartRegisteredAsync(Cancel);

            await using var ops = edge.Connect(ScoreboardHub.Path, "ops-1", Roles.Ops);
            var boards = new List<LeaderboardUpdate>();
            ops.On<LeaderboardUpdate>("LeaderboardUpdate", u => { lock (boards) { boards.Add(u); } });
            await ops.StartAsync(Cancel);
            await ops.InvokeAsync<LeaderboardUpdate>("WatchLeaderboard", "guide-sales", "all", Cancel);

            var before = await host.InvokeAsync<CommentPosted>("SendComment", roomId, "c-before", "before", Cancel);
            await Eventually.True(() => viewer.Heard(before.CommentId), TimeSpan.FromSeconds(10), Cancel);

            // Kill (SIGKILL) the silos the room, the leaderboards and the edge directory live on — one to all three —
            // and start each again in its place, which retires the dead one at once.
            var grains = edge.Services.GetRequiredService<IGrainFactory>();
            var management = grains.GetGrain<IManagementGrain>(0);
            var doomedPorts = new HashSet<int>
            {
                (await management.GetActivationAddress(grains.GetGrain<ILiveRoomGrain>(roomId), Cancel))!.Endpoint.Port,
                (await management.GetActivationAddress(grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key), Cancel))!.Endpoint.Port,
                (await management.GetActivationAddress(grains.GetGrain<ILeaderboardGrain>(ILeaderboardGrain.Key), Cancel))!.Endpoint.Port,
            };
            var killed = (await ActiveSilos(management)).Where(silo => doomedPorts.Contains(silo.Endpoint.Port)).ToList();
            foreach (var doomed in silos.Where(s => doomedPorts.Contains(s.SiloPort)).ToList())
            {
                await doomed.KillAsync();
                silos.Remove(doomed);
                silos.Add(SiloProcess.Start(siloSettings, doomed.SiloPort, doomed.GatewayPort));
                await doomed.DisposeAsync();

                // Back before the next is killed, so the Edge always has a gateway.
                await Eventually.True(
                    async () => (await ActiveSilos(management)).Any(silo => silo.Endpoint.Port == doomed.SiloPort && !killed.Contains(silo)),
                    TimeSpan.FromSeconds(60),
                    Cancel);
            }

            // The room answers again once the cluster has declared its silo dead; from then on its viewers must hear it.
            var after = await Retry(() => host.InvokeAsync<CommentPosted>("SendComment", roomId, "c-after", "after", Cancel));
            await Eventually.True(() => viewer.Heard(after.CommentId), TimeSpan.FromSeconds(10), Cancel);

            using var member = edge.ClientAs(shop.Member, Roles.Member);
            var orderId = TestIds.New("o");
            var order = await Retry(async () =>
                await (await member.PostAsJsonAsync("/api/orders", shop.Order(orderId), Cancel)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Order>(Cancel));
            (await member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = "pay-1", amount = order!.Total }, Cancel)).EnsureSuccessStatusCode();
            await Eventually.True(() => { lock (updates) { return updates.Contains(new OrderUpdate(orderId, OrderStatus.Paid)); } }, TimeSpan.FromSeconds(10), Cancel);
            await Eventually.True(
                () => { lock (boards) { return boards.Any(b => b.Entries.Any(e => e.Id == shop.DirectGuide && e.Score == order.Total)); } },
                TimeSpan.FromSeconds(10),
                Cancel);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>The silos the cluster counts as active (a silo's address includes its start, so a restarted one is new); none while the silo asked is the one just killed.</summary>
    private static async Task<IReadOnlyCollection<SiloAddress>> ActiveSilos(IManagementGrain management)
    {
        try
        {
            return (await management.GetHosts(onlyActive: true, Cancel).WaitAsync(TimeSpan.FromSeconds(2), Cancel)).Keys;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return [];
        }
    }

    /// <summary>Tries until the cluster answers (it refuses as unavailable until the dead silos are declared dead).</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is HubException or HttpRequestException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Cancel);
            }
        }
    }
}
