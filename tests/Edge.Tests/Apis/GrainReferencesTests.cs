using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using PrivateDomain.Realtime.Edge.Apis;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class GrainReferencesTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    private IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task AReference_IsTheOneGetGrainGives_AndReachesTheGrain()
    {
        var key = PoolKey.For(TestIds.New("sku"), TestIds.New("r"));

        var reference = _app.Services.GetRequiredService<GrainReferences>().Get<IInventoryPoolGrain>(key);
        var expected = Grains.GetGrain<IInventoryPoolGrain>(key);

        Assert.Equal(expected.GetGrainId(), reference.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)reference).InterfaceType);
        // The grain itself answers: this SKU was never created.
        var refused = await Assert.ThrowsAsync<DomainException>(() => reference.GetInventory());
        Assert.Equal(ErrorCodes.UnknownSku, refused.Code);
    }

    [Fact]
    public void WhileTheClustersTypeMapDoesNotKnowTheGrain_ItIsLeftToGetGrain()
    {
        var key = PoolKey.For(TestIds.New("sku"), TestIds.New("r"));
        var unknowing = new GrainInterfaceTypeToGrainTypeResolver(new NoGrainsYet());
        var references = new GrainReferences(Grains, _app.Services.GetRequiredService<GrainInterfaceTypeResolver>(), unknowing);

        var reference = references.Get<IInventoryPoolGrain>(key);

        Assert.Equal(Grains.GetGrain<IInventoryPoolGrain>(key).GetGrainId(), reference.GetGrainId());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void ABlankKey_IsRefused_AsGetGrainRefusesIt(string key) =>
        Assert.ThrowsAny<ArgumentException>(() => _app.Services.GetRequiredService<GrainReferences>().Get<IInventoryPoolGrain>(key));

    /// <summary>A cluster whose type map lists no grain, as a client's is before any silo with the grain has joined.</summary>
    private sealed class NoGrainsYet : IClusterManifestProvider
    {
        private static readonly GrainManifest Nothing = new(
            ImmutableDictionary<GrainType, GrainProperties>.Empty, ImmutableDictionary<GrainInterfaceType, GrainInterfaceProperties>.Empty);

        public ClusterManifest Current { get; } = new(MajorMinorVersion.Zero, ImmutableDictionary<SiloAddress, GrainManifest>.Empty);

        public IAsyncEnumerable<ClusterManifest> Updates => AsyncEnumerable.Empty<ClusterManifest>();

        public GrainManifest LocalGrainManifest => Nothing;
    }
}
