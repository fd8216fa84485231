using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Notifications;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests.Notifications;

/// <summary>A cluster of its own per test: they stop silos and need Edges in the directory that the shared cluster's tests do not have.</summary>
public sealed class UserNotifierTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEdgeThatDiedWithoutLeaving_LosesNoPush_TheNextEdgeSendsEachOnce()
    {
        await using var cluster = await StartCluster();
        await using var liveEdge = new PushRecorder();
        await liveEdge.RegisterAsync(cluster.Client);

        // An Edge co-hosted with a silo registers, then its process goes away without unregistering: the directory
        // (on one of the other silos) lists it until it has been silent for a minute.
        var edgeSilo = await cluster.StartAdditionalSiloAsync();
        var deadEdge = new CountingEdge();
        var edgeGrains = edgeSilo.ServiceProvider.GetRequiredService<IGrainFactory>();
        await edgeGrains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key)
            .Register(new EdgeRegistration("a-dead-edge", edgeGrains.CreateObjectReference<IUserPushObserver>(deadEdge), HasBackplane: true, DateTimeOffset.UtcNow));
        await cluster.StopSiloAsync(edgeSilo, Cancel);

        var member = TestIds.New("member");
        var notifiers = cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<UserNotifier>()).ToArray();
        var sent = new List<string>();

        // Longer than a silo keeps its copy of the directory, so every notifier has come to see the dead Edge listed.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(7);
        while (DateTime.UtcNow < until)
        {
            var orderId = $"order-{sent.Count:D3}";
            notifiers[sent.Count % notifiers.Length].OrderUpdate(member, new OrderUpdate(orderId, OrderStatus.Paid));
            sent.Add(orderId);
            await Task.Delay(100, Cancel);
        }

        // Pushes are one-way: give the last ones time to arrive; then every one must have arrived, and once.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (liveEdge.UpdatesFor(member).Count() < sent.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Cancel);
        }

        Assert.Equal(sent, liveEdge.UpdatesFor(member).Select(u => u.OrderId).Order(StringComparer.Ordinal));
        Assert.Equal(0, deadEdge.Calls);
    }

    [Fact]
    public async Task AGuideMoved_WhileAnEdgeHangs_IsNotHeldForTheCallTimeout_AndTheOtherEdgeStopsTheirWatch()
    {
        await using var cluster = await StartCluster();
        await using var liveEdge = new PushRecorder();
        await liveEdge.RegisterAsync(cluster.Client);
        await cluster.Client.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key).Register(new EdgeRegistration(
            "a-hung-edge", cluster.Client.CreateObjectReference<IUserPushObserver>(new HungEdge()), HasBackplane: true, DateTimeOffset.UtcNow));

        var (regionId, from, to, guideId) = (TestIds.New("region"), TestIds.New("store"), TestIds.New("store"), TestIds.New("guide"));
        var grains = cluster.Client;
        await grains.GetGrain<IRegionGrain>(regionId).Define("Shanghai");
        foreach (var storeId in new[] { from, to })
        {
            await grains.GetGrain<IStoreGrain>(storeId).Define(new StoreProfile(storeId, storeId, regionId, 31.2, 121.4, "brand", StoreOwnership.Direct, CanShip: true, CanPickup: true));
        }

        var guide = grains.GetGrain<IGuideGrain>(guideId);
        await guide.Define(new GuideProfile(guideId, "Wang Min", from, "team-a"));
        var moving = System.Diagnostics.Stopwatch.StartNew();
        await guide.Define(new GuideProfile(guideId, "Wang Min", to, "team-a"));

        // Not a speed figure: a call to an Edge that never answers waits for Orleans's 30 s response timeout, and the
        // move must not (it waits 3 s at most for the Edges).
        Assert.True(moving.Elapsed < TimeSpan.FromSeconds(15), $"the move took {moving.Elapsed}");
        Assert.Equal([new EndedStoreWatch(Roles.Guide, guideId)], liveEdge.EndedWatchesOf(from));
    }

    [Fact]
    public async Task AnEdgeRegisteringAfterADirectoryWasReadEmpty_GetsPushesWithinASecond()
    {
        await using var cluster = await StartCluster();
        var notifier = cluster.Silos[0].ServiceProvider.GetRequiredService<UserNotifier>();
        var member = TestIds.New("member");

        // As after a restart of the directory's silo: a push reads the directory before any Edge is back in it.
        notifier.OrderUpdate(member, new OrderUpdate("order-nobody-hears", OrderStatus.Paid));
        await Task.Delay(200, Cancel);
        await using var edge = new PushRecorder();
        await edge.RegisterAsync(cluster.Client);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        notifier.OrderUpdate(member, new OrderUpdate("order-after", OrderStatus.Paid));

        await PushRecorder.WaitFor(() => edge.UpdatesFor(member), u => u.OrderId == "order-after", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task WhileTheBackplaneIsDown_AnEdgeRegisteredSinceTheNotifierReadTheDirectory_GetsItsUsersPushesWithinASecond()
    {
        await using var cluster = await StartCluster();
        var notifier = cluster.Silos[0].ServiceProvider.GetRequiredService<UserNotifier>();
        var member = TestIds.New("member");
        var firstEdge = new BackplaneDownEdge();
        await firstEdge.RegisterAsync(cluster.Client, "edge-a");

        // A push reads the directory while only the first Edge is in it; then the member's Edge registers.
        notifier.OrderUpdate(member, new OrderUpdate("order-before", OrderStatus.Paid));
        await PushRecorder.WaitFor(() => firstEdge.HereFor(member), u => u.OrderId == "order-before", TimeSpan.FromSeconds(2));
        var membersEdge = new BackplaneDownEdge();
        await membersEdge.RegisterAsync(cluster.Client, "edge-b");
        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancel);

        // Both backplanes are down, so every Edge is asked to deliver to its own connections: the member's Edge too,
        // though the notifier's copy of the directory (kept 5 s for the one-Edge path) is from before it registered.
        notifier.OrderUpdate(member, new OrderUpdate("order-after", OrderStatus.Paid));

        await PushRecorder.WaitFor(() => membersEdge.HereFor(member), u => u.OrderId == "order-after", TimeSpan.FromSeconds(2));
    }

    private static async Task<InProcessTestCluster> StartCluster()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) => silo.AddRealtimeGrainServices(RealtimeSettings.Read(new ConfigurationBuilder().Build())));
        var cluster = builder.Build();
        await cluster.DeployAsync(Cancel);
        return cluster;
    }

    /// <summary>An Edge whose Redis backplane is not connected: it refuses pushes to users anywhere, and records those for its own connections.</summary>
    private sealed class BackplaneDownEdge : IUserPushObserver
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string UserId, OrderUpdate Update)> _here = new();

        public IEnumerable<OrderUpdate> HereFor(string userId) => _here.Where(p => p.UserId == userId).Select(p => p.Update);

        public Task RegisterAsync(IGrainFactory grains, string edgeId) =>
            grains.GetGrain<IEdgeDirectoryGrain>(IEdgeDirectoryGrain.Key)
                .Register(new EdgeRegistration(edgeId, grains.CreateObjectReference<IUserPushObserver>(this), HasBackplane: true, DateTimeOffset.UtcNow));

        public Task GuideAlert(string userId, GuideAlert alert) => throw new BackplaneUnavailableException("The Redis backplane of this Edge is disconnected.");

        public Task OrderUpdate(string userId, OrderUpdate update) => throw new BackplaneUnavailableException("The Redis backplane of this Edge is disconnected.");

        public Task StoreAlert(string storeId, StoreAlert alert) => throw new BackplaneUnavailableException("The Redis backplane of this Edge is disconnected.");

        public Task GuideAlertHere(string userId, GuideAlert alert) => Task.CompletedTask;

        public Task StoreAlertHere(string storeId, StoreAlert alert) => Task.CompletedTask;

        public Task AccountStoreAlert(string accountId, StoreAlert alert) => throw new BackplaneUnavailableException("The Redis backplane of this Edge is disconnected.");

        public Task AccountStoreAlertHere(string accountId, StoreAlert alert) => Task.CompletedTask;

        public Task EndStoreWatch(string storeId, string role, string userId) => Task.CompletedTask;

        public Task OrderUpdateHere(string userId, OrderUpdate update)
        {
            _here.Enqueue((userId, update));
            return Task.CompletedTask;
        }
    }

    /// <summary>An Edge that takes calls and never answers them, as one stalled or cut off mid-call.</summary>
    private sealed class HungEdge : IUserPushObserver
    {
        private static Task Never() => new TaskCompletionSource().Task;

        public Task GuideAlert(string userId, GuideAlert alert) => Never();

        public Task OrderUpdate(string userId, OrderUpdate update) => Never();

        public Task StoreAlert(string storeId, StoreAlert alert) => Never();

        public Task GuideAlertHere(string userId, GuideAlert alert) => Never();

        public Task OrderUpdateHere(string userId, OrderUpdate update) => Never();

        public Task StoreAlertHere(string storeId, StoreAlert alert) => Never();

        public Task AccountStoreAlert(string accountId, StoreAlert alert) => Never();

        public Task AccountStoreAlertHere(string accountId, StoreAlert alert) => Never();

        public Task EndStoreWatch(string storeId, string role, string userId) => Never();
    }

    private sealed class CountingEdge : IUserPushObserver
    {
        private int _calls;

        public int Calls => _calls;

        public Task GuideAlert(string userId, GuideAlert alert) => Called();

        public Task OrderUpdate(string userId, OrderUpdate update) => Called();

        public Task GuideAlertHere(string userId, GuideAlert alert) => Called();

        public Task OrderUpdateHere(string userId, OrderUpdate update) => Called();

        public Task StoreAlert(string storeId, StoreAlert alert) => Called();

        public Task StoreAlertHere(string storeId, StoreAlert alert) => Called();

        public Task AccountStoreAlert(string accountId, StoreAlert alert) => Called();

        public Task AccountStoreAlertHere(string accountId, StoreAlert alert) => Called();

        public Task EndStoreWatch(string storeId, string role, string userId) => Called();

        private Task Called()
        {
            Interlocked.Increment(ref _calls);
            return Task.CompletedTask;
        }
    }
}
