using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Orders;
using PrivateDomain.Realtime.Grains.Tests.Orders;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Stores;
using PrivateDomain.Realtime.Grains.Tests.Persistence;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>One in-process cluster (two silos, in-memory storage) shared by every grain test in the collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Receives the user pushes grains send (guide alerts, order updates), as an Edge would.</summary>
    public PushRecorder Pushes { get; } = new();

    /// <summary>Storage failures a test asks for (none unless asked).</summary>
    public StorageFaults StorageFaults { get; } = new();

    /// <summary>The pick-up codes orders get: random unless a test chose one.</summary>
    public ChosenPickupCodes PickupCodes { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var settings = RealtimeSettings.Read(new ConfigurationBuilder().Build());
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Snapshot often, so deactivation tests replay from a snapshot plus a ledger tail.
            ["Inventory:SnapshotMinLines"] = "10",
            ["LiveRooms:BannedWords:0"] = "counterfeit",
            ["Scoring:PkSettleDelay"] = "00:00:00.300",
            [TestCalendar.TimeZoneKey] = TestCalendar.NoonTimeZone,
        }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IActivationWorkingSetObserver>(Activations.Ends);
            silo.Services.AddSingleton<IPickupCodes>(PickupCodes);
            // Registered before the silo's own (which only fills what is missing), so the grains get these.
            silo.Services.AddSingleton<IScoreFactStore>(services =>
                new FlakyScoreFactStore(ActivatorUtilities.CreateInstance<InMemoryScoreFactStore>(services), StorageFaults));
            silo.Services.AddSingleton<ISalesLedger>(services =>
                new FlakySalesLedger(ActivatorUtilities.CreateInstance<InMemorySalesLedger>(services), StorageFaults));
            silo.Services.AddSingleton<IPkPointStore>(services =>
                new FlakyPkPointStore(ActivatorUtilities.CreateInstance<InMemoryPkPointStore>(services), StorageFaults));
            silo.Services.AddSingleton<ISaleHoldStore>(services =>
                new FlakySaleHoldStore(ActivatorUtilities.CreateInstance<InMemorySaleHoldStore>(services), StorageFaults));
            silo.Services.AddSingleton<IFulfilmentQueueStore>(services =>
                new FlakyFulfilmentQueueStore(ActivatorUtilities.CreateInstance<InMemoryFulfilmentQueueStore>(services), StorageFaults));
            silo.Services.AddSingleton<IGuideCustomerStore>(services =>
                new FlakyGuideCustomerStore(ActivatorUtilities.CreateInstance<InMemoryGuideCustomerStore>(services), StorageFaults));
            silo.Services.AddSingleton<IMemberOrderStore>(services =>
                new FlakyMemberOrderStore(ActivatorUtilities.CreateInstance<InMemoryMemberOrderStore>(services), StorageFaults));
            silo.Services.AddSingleton<IStockLedger>(services =>
                new FlakyStockLedger(ActivatorUtilities.CreateInstance<InMemoryStockLedger>(services), StorageFaults));
            silo.Services.AddSingleton<IRoomListStore>(services =>
                new FlakyRoomListStore(ActivatorUtilities.CreateInstance<InMemoryRoomListStore>(services), StorageFaults));
            silo.AddRealtimeGrainServices(settings);

            // Registered after the memory provider of the same name, so grains get this one.
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.GrainState, (services, _) =>
                new FlakyGrainStorage(MemoryGrainStorageFactory.Create(services, StorageNames.GrainState), StorageFaults));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Pushes.RegisterAsync(Cluster.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await Pushes.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
