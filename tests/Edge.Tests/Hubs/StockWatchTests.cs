using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Scoreboards;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Hubs;

/// <summary>Operations and members watch a SKU's stock in a region on <c>/hubs/scoreboard</c> (<c>WatchStock</c>), over real SignalR connections.</summary>
[Collection(EdgeCollection.Name)]
public sealed class StockWatchTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorWatchingStock_GetsTheCounts_ThenEachChange_AlsoAfterThePoolLeftMemory()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var (ops, heard) = await Watcher("ops-1", messagePack: true);
        await using (ops)
        {
            var snapshot = await ops.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, shop.Sku, Cancel);
            Assert.Equal((shop.Sku, shop.RegionId, 40L, 40L, 0L), (snapshot.Inventory.Sku, snapshot.Inventory.RegionId, snapshot.Inventory.Available, snapshot.Inventory.OnHand, snapshot.Inventory.Reserved));

            using var member = _app.ClientAs(shop.Member, Roles.Member);
            (await member.PostAsJsonAsync($"/api/inventory/{shop.RegionId}/{shop.Sku}/reservations",
                new { reservationId = TestIds.New("r"), quantity = 3, latitude = 31.2352, longitude = 121.4800, mode = "ship" }, Cancel)).EnsureSuccessStatusCode();
            var reserved = await heard.First(u => u.Inventory.Reserved == 3);
            Assert.True(reserved.Seq > snapshot.Seq, $"push {reserved.Seq} after the snapshot's {snapshot.Seq}");
            Assert.Equal((37L, 40L), (reserved.Inventory.Available, reserved.Inventory.OnHand));
            Assert.Contains(reserved.Inventory.Stores, s => s.StoreId == shop.DirectStore && s.Reserved == 3);

            // As a silo failing would: the pool leaves memory, and the next change activates it again.
            var grains = _app.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IManagementGrain>(0).DeactivateGrain(grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(shop.Sku, shop.RegionId)).GetGrainId(), Cancel);
            await Task.Delay(500, Cancel);
            await Adjust(shop, shop.FranchiseStore, 5);

            // Well before the Edge's periodic report (20 s), and numbered after what came before.
            var adjusted = await heard.First(u => u.Inventory.OnHand == 45, TimeSpan.FromSeconds(5));
            Assert.True(adjusted.Seq > reserved.Seq, $"push {adjusted.Seq} after {reserved.Seq}");
        }
    }

    [Fact]
    public async Task AnyoneSignedInMayWatchStock_AsAnyoneMayReadIt_AndAnUnknownOrMalformedPoolIsRefused_LeavingTheConnectionWatchingNothing()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        foreach (var (userId, role) in new[] { (shop.DirectGuide, Roles.Guide), (shop.Member, Roles.Member), (shop.Dealer, Roles.Dealer) })
        {
            await using var notOps = _app.Connect(ScoreboardHub.Path, userId, role);
            await notOps.StartAsync(Cancel);
            var counts = await notOps.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, shop.Sku, Cancel);
            Assert.Equal(40, counts.Inventory.Available);
        }

        var (ops, heard) = await Watcher("ops-1");
        await using (ops)
        {
            var unknownSku = await Assert.ThrowsAsync<HubException>(() => ops.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, TestIds.New("no-such-sku"), Cancel));
            var unknownRegion = await Assert.ThrowsAsync<HubException>(() => ops.InvokeAsync<StockUpdate>("WatchStock", TestIds.New("no-such-region"), shop.Sku, Cancel));
            var malformed = await Assert.ThrowsAsync<HubException>(() => ops.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, "not an id", Cancel));

            Assert.Contains($"HubException: {ErrorCodes.UnknownSku}:", unknownSku.Message, StringComparison.Ordinal);
            Assert.Contains($"HubException: {ErrorCodes.UnknownRegion}:", unknownRegion.Message, StringComparison.Ordinal);
            Assert.Contains($"HubException: {ErrorCodes.ValidationFailed}:", malformed.Message, StringComparison.Ordinal);
            await Adjust(shop, shop.DirectStore, 1);
            await Task.Delay(1_000, Cancel);
            Assert.Empty(heard.All);
        }
    }

    [Fact]
    public async Task AConnectionThatUnwatchesStock_HearsNoMore_WhileAnotherWatcherStillDoes()
    {
        var shop = await DemoShop.CreateAsync(_app, Cancel);
        var (leaving, leavingHeard) = await Watcher("ops-leaving");
        var (staying, stayingHeard) = await Watcher("ops-staying");
        await using (leaving)
        await using (staying)
        {
            await leaving.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, shop.Sku, Cancel);
            await staying.InvokeAsync<StockUpdate>("WatchStock", shop.RegionId, shop.Sku, Cancel);

            await leaving.InvokeAsync("UnwatchStock", shop.RegionId, shop.Sku, Cancel);
            await Adjust(shop, shop.DirectStore, 7);

            await stayingHeard.First(u => u.Inventory.OnHand == 47);
            await Task.Delay(500, Cancel);
            Assert.Empty(leavingHeard.All);
        }
    }

    private async Task<(HubConnection Hub, Heard Heard)> Watcher(string userId, bool messagePack = false)
    {
        var hub = _app.Connect(ScoreboardHub.Path, userId, Roles.Ops, messagePack);
        var heard = new Heard();
        hub.On<StockUpdate>("StockUpdate", heard.Add);
        await hub.StartAsync(Cancel);
        return (hub, heard);
    }

    private async Task Adjust(DemoShop shop, string storeId, long delta)
    {
        using var ops = _app.ClientAs("ops-stock", Roles.Ops);
        (await ops.PostAsJsonAsync($"/api/stores/{storeId}/stock/{shop.Sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta, reason = "goods received" }, Cancel)).EnsureSuccessStatusCode();
    }

    private sealed class Heard
    {
        private readonly List<StockUpdate> _heard = [];

        public IReadOnlyList<StockUpdate> All
        {
            get
            {
                lock (_heard)
                {
                    return [.. _heard];
                }
            }
        }

        public void Add(StockUpdate update)
        {
            lock (_heard)
            {
                _heard.Add(update);
            }
        }

        public async Task<StockUpdate> First(Func<StockUpdate, bool> match, TimeSpan? within = null)
        {
            StockUpdate? found = null;
            await Eventually.True(() => (found = All.FirstOrDefault(match)) is not null, within, Cancel);
            return found!;
        }
    }
}
