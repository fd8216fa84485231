using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Figures;
using PrivateDomain.Realtime.Grains.Guides;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Inventory;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Scoring;
using PrivateDomain.Realtime.Grains.Tests.Persistence;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.Silo.Persistence;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>
/// A one-silo cluster whose grains (and grain timers) run on a clock the test moves; Orleans' own machinery stays on real
/// time. Its storage is in memory; <see cref="PostgresFakeClockClusterFixture"/> keeps the same cluster's in PostgreSQL.
/// </summary>
public class FakeClockClusterFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Receives the user pushes grains send (guide alerts, order updates), as an Edge would.</summary>
    public PushRecorder Pushes { get; } = new();

    /// <summary>Failures of grain state, stock ledgers, sale holds, customer lists, sales ledgers, board facts and PK points a test asks for (none unless asked).</summary>
    public StorageFaults StorageFaults { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var settings = RealtimeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(await StorageSettingsAsync()).Build());
        var inPostgres = settings.Storage == StorageProvider.PostgreSQL;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            // Registered before the silo's own (which only fills what is missing), so the grains get these.
            void AddStore<TStore, TPostgres, TMemory>(Func<TStore, TStore> withFaults)
                where TStore : class
                where TPostgres : TStore
                where TMemory : TStore =>
                silo.Services.AddSingleton(services => withFaults(inPostgres
                    ? ActivatorUtilities.CreateInstance<TPostgres>(services)
                    : ActivatorUtilities.CreateInstance<TMemory>(services)));

            AddStore<IStockLedger, PostgresStockLedger, InMemoryStockLedger>(inner => new FlakyStockLedger(inner, StorageFaults));
            AddStore<ISaleHoldStore, PostgresSaleHoldStore, InMemorySaleHoldStore>(inner => new FlakySaleHoldStore(inner, StorageFaults));
            AddStore<IGuideCustomerStore, PostgresGuideCustomerStore, InMemoryGuideCustomerStore>(inner => new FlakyGuideCustomerStore(inner, StorageFaults));
            AddStore<IMemberOrderStore, PostgresMemberOrderStore, InMemoryMemberOrderStore>(inner => new FlakyMemberOrderStore(inner, StorageFaults));
            AddStore<ISalesLedger, PostgresSalesLedger, InMemorySalesLedger>(inner => new FlakySalesLedger(inner, StorageFaults));
            AddStore<IScoreFactStore, PostgresScoreFactStore, InMemoryScoreFactStore>(inner => new FlakyScoreFactStore(inner, StorageFaults));
            AddStore<IPkPointStore, PostgresPkPointStore, InMemoryPkPointStore>(inner => new FlakyPkPointStore(inner, StorageFaults));
            silo.AddRealtimeGrainServices(settings);

            // Registered after the provider of the same name, so grains get this one.
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.GrainState, (services, _) => new FlakyGrainStorage(
                inPostgres
                    ? AdoNetGrainStorageFactory.Create(services, StorageNames.GrainState)
                    : MemoryGrainStorageFactory.Create(services, StorageNames.GrainState),
                StorageFaults));
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton<IActivationWorkingSetObserver>(Activations.Ends);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Pushes.RegisterAsync(Cluster.Client);
    }

    /// <summary>The settings that choose the silo's storage: none, so memory.</summary>
    protected virtual ValueTask<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        ValueTask.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    public virtual async ValueTask DisposeAsync()
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
