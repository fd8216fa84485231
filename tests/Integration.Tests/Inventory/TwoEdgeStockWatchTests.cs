using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Integration.Tests.Inventory;

/// <summary>Operators watching one pool from two Edges over one cluster (PostgreSQL) sharing a Redis backplane.</summary>
public sealed class TwoEdgeStockWatchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OperatorsOnBothEdges_ArePushedEachChangeOfThePool_WhereverItLives_AndNoneCrossesRedis()
    {
        await using var edges = await TwoEdges.StartAsync();
        var (edgeA, edgeB) = (edges.A, edges.B);
        var scoreboardMessagesInRedis = await edges.CountRedisMessagesOf(nameof(ScoreboardHub));
        var shop = await DemoShop.CreateAsync(edgeA, Cancel);

        var watchers = new List<(HubConnection Hub, List<StockUpdate> Heard)>();
        foreach (var (edge, i) in new[] { edgeA, edgeB, edgeB }.Select((e, i) => (e, i)))
        {
            var hub = edge.Connect(ScoreboardHub.Path, $"ops-{i}", Roles.Ops, messagePack: i % 2 == 0);
            var heard = new List<StockUpdate>();
            hub.On<StockUpdate>("StockUpdate", update => { lock (heard) { heard.Add(update); } });
            await hub.StartAsync(Cancel);
            await hub.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, shop.Sku, Cancel);
            watchers.Add((hub, heard));
        }

        // A member reserves through one Edge, an operator adjusts through the other.
        using var member = edgeB.ClientAs(shop.Member, Roles.Member);
        (await member.PostAsJsonAsync($"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations",
            new { reservationId = TestIds.New("r"), quantity = 2, latitude = 31.2352, longitude = 121.4800, mode = "ship" }, Cancel)).EnsureSuccessStatusCode();
        using var ops = edgeA.ClientAs("ops-stock", Roles.Ops);
        (await ops.PostAsJsonAsync($"/api/stores/{shop.FranchiseStore}/stock/{shop.Sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta = 3, reason = "goods received" }, Cancel)).EnsureSuccessStatusCode();

        foreach (var (_, heard) in watchers)
        {
            await Eventually.True(() => { lock (heard) { return heard.Any(u => u.Inventory is { Reserved: 2, OnHand: 43, Available: 41 }); } },
                TimeSpan.FromSeconds(10), Cancel);
        }

        await Task.Delay(500, Cancel);
        foreach (var (hub, heard) in watchers)
        {
            lock (heard)
            {
                var seqs = heard.Select(u => u.Seq).ToList();
                Assert.True(seqs.SequenceEqual(seqs.Distinct().Order()), $"pushed twice or out of order: [{string.Join(", ", seqs)}]");
            }

            await hub.DisposeAsync();
        }

        Assert.Equal(0, scoreboardMessagesInRedis());
    }
}
