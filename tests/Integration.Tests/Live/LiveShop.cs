using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Integration.Tests.Live;

/// <summary>Where the live-room restart tests sell: one region, one store with 100 serums on hand, the host guide and some members.</summary>
internal static class LiveShop
{
    public const string Region = "shanghai";
    public const string Sku = "sku-serum";
    public const string Store = "sh-nanjing";
    public const string Host = "guide-li";
    public const long Price = 19_900;

    public static readonly Actor HostActor = new(Host, "Li Fang", Roles.Guide);

    public static async Task DefineAsync(IGrainFactory grains, IEnumerable<string> members)
    {
        await grains.GetGrain<IRegionGrain>(Region).Define("Shanghai");
        await grains.GetGrain<IStoreGrain>(Store).Define(new StoreProfile(Store, "Nanjing Road East", Region, 31.2352, 121.4800, "brand", StoreOwnership.Direct, true, true));
        await grains.GetGrain<ISkuGrain>(Sku).Define("Hydrating Serum 30ml", 32_900);
        await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(Sku, Region)).SetOnHand(Store, 100);
        await grains.GetGrain<IGuideGrain>(Host).Define(new GuideProfile(Host, "Li Fang", Store, "team-puxi"));
        foreach (var member in members)
        {
            await grains.GetGrain<IMemberGrain>(member).Upsert(new MemberUpdate(member, [], null));
        }
    }
}
