using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Grains.Tests.Configuration;

[Collection(ClusterCollection.Name)]
public sealed class RememberedGrainInterfaceTypesTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    /// <summary>The resolver as Orleans registers it, over the silo's providers: what every answer must equal.</summary>
    private GrainInterfaceTypeResolver OrleansOwn =>
        new(Silo.GetServices<IGrainInterfaceTypeProvider>(), Silo.GetRequiredService<TypeConverter>());

    [Fact]
    public void EveryGrainAndObserverInterface_GetsTheTypeOrleansOwnResolverGives_TheFirstTimeAndAfter()
    {
        var interfaces = typeof(IInventoryPoolGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .Append(typeof(IManagementGrain))
            .ToList();
        var orleans = OrleansOwn;
        var resolver = Silo.GetRequiredService<GrainInterfaceTypeResolver>();

        Assert.True(interfaces.Count > 20, $"only {interfaces.Count} interfaces found");
        foreach (var grainInterface in interfaces)
        {
            var expected = orleans.GetGrainInterfaceType(grainInterface);
            Assert.Equal(expected, resolver.GetGrainInterfaceType(grainInterface));
            Assert.Equal(expected, resolver.GetGrainInterfaceType(grainInterface));
        }
    }

    [Fact]
    public void TheSilosGrainFactory_TakesTheRememberedType()
    {
        var reference = Silo.GetRequiredService<IGrainFactory>().GetGrain<IInventoryPoolGrain>(PoolKey.For(TestIds.New("sku"), TestIds.New("r")));

        Assert.True(Silo.GetRequiredService<RememberedGrainInterfaceTypes>().Remembers(typeof(IInventoryPoolGrain)));
        Assert.Equal(OrleansOwn.GetGrainInterfaceType(typeof(IInventoryPoolGrain)), ((GrainReference)reference).InterfaceType);
    }

    [Fact]
    public void AnOrleansClient_ConfiguredAsAnEdgeIs_AlsoRemembers()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Mode"] = "Client" });
        var settings = builder.AddRealtimeSettings();
        builder.UseOrleansClient(client => client.UseRealtimeClustering(settings));
        using var host = builder.Build();

        host.Services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(IGuideGrain));

        Assert.True(host.Services.GetRequiredService<RememberedGrainInterfaceTypes>().Remembers(typeof(IGuideGrain)));
    }

    [Fact]
    public void AClass_IsRefusedAsOrleansRefusesIt() =>
        Assert.Throws<ArgumentException>(() => Silo.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(string)));
}
