using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Members;
using PrivateDomain.Realtime.Grains.Tests.Orders;

namespace PrivateDomain.Realtime.Grains.Tests.Members;

[Collection(FakeClockClusterCollection.Name)]
public sealed class FakeClockMemberTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Browsing_OlderThanTheWindow_LeavesTheMembersState_WhicheverSkuIsViewedNext()
    {
        var shop = await Shop.Open(_grains);
        var member = _grains.GetGrain<IMemberGrain>(shop.Member);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);
        await member.RecordBrowse(shop.Serum, shop.DirectStore);

        fixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await member.RecordBrowse(shop.Cream, shop.DirectStore);

        var stored = await StoredState(member);
        Assert.Equal([shop.Cream], stored.Views.Keys);
        Assert.Single(stored.Views[shop.Cream]);
    }

    private async Task<MemberState> StoredState(IMemberGrain member)
    {
        var storage = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);
        var state = new GrainState<MemberState>();
        await storage.ReadStateAsync("member", member.GetGrainId(), state);
        return state.State!;
    }
}
