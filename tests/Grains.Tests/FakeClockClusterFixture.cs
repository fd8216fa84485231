using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Tests.Persistence;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>A one-silo cluster whose grains (and grain timers) run on a clock the test moves; Orleans' own machinery stays on real time.</summary>
public sealed class FakeClockClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Receives the user pushes grains send (guide alerts, order updates), as an Edge would.</summary>
    public PushRecorder Pushes { get; } = new();

    /// <summary>Stock ledger failures a test asks for (none unless asked).</summary>
    public StorageFaults StorageFaults { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var settings = RealtimeSettings.Read(new ConfigurationBuilder().Build());
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Registered before the silo's own (which only fills what is missing), so the pools get it.
            silo.Services.AddSingleton<IStockLedger>(services =>
                new FlakyStockLedger(ActivatorUtilities.CreateInstance<InMemoryStockLedger>(services), StorageFaults));
            silo.Services.AddSingleton<ISaleHoldStore>(services =>
                new FlakySaleHoldStore(ActivatorUtilities.CreateInstance<InMemorySaleHoldStore>(services), StorageFaults));
            silo.AddRealtimeGrainServices(settings);

            // Registered after the memory provider of the same name, so grains get this one.
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.GrainState, (services, _) =>
                new FlakyGrainStorage(MemoryGrainStorageFactory.Create(services, StorageNames.GrainState), StorageFaults));
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IActivationWorkingSetObserver>(Activations.Ends);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Pushes.RegisterAsync(Cluster.Client);
    }

    public async ValueTask DisposeAsync()
    {
        await Pushes.DisposeAsync();

        // Killed, not stopped: a graceful stop would have grains flush state to the in-memory storage grains, which this
        // one silo has already deactivated and cannot place again — each flush then waits out the 30 s deactivation timeout.
        foreach (var silo in Cluster.Silos.ToList())
        {
            await Cluster.KillSiloAsync(silo);
        }

        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FakeClockClusterCollection : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "fake-clock-cluster";
}
