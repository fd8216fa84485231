using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests;

/// <summary>One in-process cluster (two silos, in-memory storage) shared by every grain test in the collection.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Receives the user pushes grains send (guide alerts, order updates), as an Edge would.</summary>
    public PushRecorder Pushes { get; } = new();

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
        }));
        builder.ConfigureSilo((_, silo) => silo.AddRealtimeGrainServices(settings));
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
