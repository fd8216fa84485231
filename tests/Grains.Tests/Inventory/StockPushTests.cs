using System.Collections.Concurrent;
using System.Diagnostics;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Tests.Fanout;
using PrivateDomain.Realtime.TestSupport;
using static PrivateDomain.Realtime.Grains.Tests.Inventory.ShanghaiStores;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>When a watched pool pushes its counts to the Edges watching it. Each test opens a region and SKU of its own.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StockPushTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task AReservationInAWatchedPool_IsPushedWithTheCountsItLeft_AndAQuietPoolPushesNothing()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var edge = new StockRecorder(fixture.Grains);
        await shanghai.Pool.Watch("edge-1", edge.Reference, watchers: 1);
        var snapshot = await shanghai.Pool.GetStock();

        await shanghai.Pool.Reserve(shanghai.Ship(3));

        var pushed = await edge.WaitFor(view => view.Reserved == 3);
        Assert.True(pushed.Seq > snapshot.Seq, $"push {pushed.Seq} after the snapshot's {snapshot.Seq}");
        var view = await shanghai.Pool.GetInventory();
        Assert.Equal((7, 10, 3), (pushed.Inventory.Available, pushed.Inventory.OnHand, pushed.Inventory.Reserved));
        Assert.Equal((view.Sku, view.RegionId, view.Available, view.OnHand, view.Reserved, view.SafetyStock),
            (pushed.Inventory.Sku, pushed.Inventory.RegionId, pushed.Inventory.Available, pushed.Inventory.OnHand, pushed.Inventory.Reserved, pushed.Inventory.SafetyStock));
        Assert.Equal(view.Stores, pushed.Inventory.Stores);

        // Sweeps (every second) look at the books and find nothing new.
        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);
        Assert.Single(edge.Received);
    }

    [Fact]
    public async Task ReservationsKeepComing_APoolIsPushedAtMostTwiceASecond_AndTheLastCountsStillShow()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 100));
        var edge = new StockRecorder(fixture.Grains);
        await shanghai.Pool.Watch("edge-1", edge.Reference, watchers: 1);

        const int Reservations = 60;
        for (var n = 0; n < Reservations; n++)
        {
            await shanghai.Pool.Reserve(shanghai.Ship(1));
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        await edge.WaitFor(view => view.Reserved == Reservations);
        var received = edge.Received;
        PushTiming.AssertAtMostOncePer(Interval, received.Select(r => r.At).ToList());
        PushTiming.AssertNumberedOneByOne(received.Select(r => r.Update.Seq).ToList());
    }

    [Fact]
    public async Task AnEdgeWhoseWatchersLeft_IsSentNothingMore_WhileAnotherStillWatching_IsSentEachChange()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var (left, staying) = (new StockRecorder(fixture.Grains), new StockRecorder(fixture.Grains));
        await shanghai.Pool.Watch("edge-left", left.Reference, watchers: 2);
        await shanghai.Pool.Watch("edge-staying", staying.Reference, watchers: 1);
        await shanghai.Pool.Reserve(shanghai.Ship(1));
        await left.WaitFor(view => view.Reserved == 1);

        await shanghai.Pool.Watch("edge-left", left.Reference, watchers: 0);
        await shanghai.Pool.Adjust(TestIds.New("adj"), shanghai.Store("Nanjing Road East"), 5, "goods received");

        await staying.WaitFor(view => view.OnHand == 15);
        await Task.Delay(Interval, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(left.Received, r => r.Update.Inventory.OnHand == 15);
    }

    [Fact]
    public async Task WatchingASkuThatDoesNotExist_IsRefused_AndSoIsItsSnapshot()
    {
        var shanghai = await Open(fixture.Grains, new StoreSpec("Nanjing Road East", NanjingRoadEast, 10));
        var pool = fixture.Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(TestIds.New("no-such-sku"), shanghai.RegionId));
        var edge = new StockRecorder(fixture.Grains);

        var watch = await Assert.ThrowsAsync<DomainException>(() => pool.Watch("edge-1", edge.Reference, watchers: 1));
        var snapshot = await Assert.ThrowsAsync<DomainException>(pool.GetStock);

        Assert.Equal(ErrorCodes.UnknownSku, watch.Code);
        Assert.Equal(ErrorCodes.UnknownSku, snapshot.Code);
    }

    /// <summary>Stands in for an Edge watching a pool: records each push and when it arrived.</summary>
    private sealed class StockRecorder : IScoreboardObserver
    {
        private readonly ConcurrentQueue<(StockUpdate Update, long At)> _received = new();

        public StockRecorder(IGrainFactory grains) => Reference = grains.CreateObjectReference<IScoreboardObserver>(this);

        public IScoreboardObserver Reference { get; }

        public IReadOnlyList<(StockUpdate Update, long At)> Received => [.. _received];

        public Task StockUpdate(StockUpdate update)
        {
            _received.Enqueue((update, Stopwatch.GetTimestamp()));
            return Task.CompletedTask;
        }

        public Task StockClosing(string regionId, string sku) => Task.CompletedTask;

        public Task PkUpdate(PkUpdate update) => Task.CompletedTask;

        public Task LeaderboardUpdate(LeaderboardUpdate update) => Task.CompletedTask;

        public Task PkClosing(string pkId) => Task.CompletedTask;

        public Task LeaderboardClosing(string board, string scope) => Task.CompletedTask;

        /// <summary>The first push whose counts <paramref name="shows"/> something.</summary>
        public async Task<StockUpdate> WaitFor(Func<InventoryView, bool> shows)
        {
            StockUpdate? found = null;
            await Eventually.True(() => (found = _received.Select(r => r.Update).FirstOrDefault(u => shows(u.Inventory))) is not null,
                cancellationToken: TestContext.Current.CancellationToken);
            return found!;
        }
    }
}
