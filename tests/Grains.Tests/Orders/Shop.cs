using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Orders;

/// <summary>
/// A fresh little brand for one test: a Shanghai region with a directly run store on Nanjing Road East and a franchise
/// in Xujiahui, two SKUs stocked in both, a guide in each store, and a member bound to the Nanjing Road guide.
/// </summary>
internal sealed class Shop
{
    public const long SerumPrice = 32_900;
    public const long CreamPrice = 59_900;
    public static readonly GeoPoint PeoplesSquare = new(31.2323, 121.4735);

    private Shop(IGrainFactory grains, string suffix)
    {
        Grains = grains;
        RegionId = "sh" + suffix;
        DirectStore = "nanjing" + suffix;
        FranchiseStore = "xujiahui" + suffix;
        Serum = "serum" + suffix;
        Cream = "cream" + suffix;
        DirectGuide = "g-nanjing" + suffix;
        FranchiseGuide = "g-xujiahui" + suffix;
        Member = "m" + suffix;
        Dealer = "dealer" + suffix;
    }

    public IGrainFactory Grains { get; }

    public string RegionId { get; }

    public string DirectStore { get; }

    public string FranchiseStore { get; }

    public string Serum { get; }

    public string Cream { get; }

    public string DirectGuide { get; }

    public string FranchiseGuide { get; }

    public string Member { get; }

    public string Dealer { get; }

    public static async Task<Shop> Open(IGrainFactory grains, long stockPerStore = 10)
    {
        var shop = new Shop(grains, "-" + Guid.NewGuid().ToString("N")[..10]);
        await grains.GetGrain<IRegionGrain>(shop.RegionId).Define("Shanghai");
        await grains.GetGrain<IStoreGrain>(shop.DirectStore).Define(new StoreProfile(
            shop.DirectStore, "Nanjing Road East", shop.RegionId, 31.2352, 121.4800, "brand", StoreOwnership.Direct, CanShip: true, CanPickup: true));
        await grains.GetGrain<IStoreGrain>(shop.FranchiseStore).Define(new StoreProfile(
            shop.FranchiseStore, "Xujiahui", shop.RegionId, 31.1955, 121.4366, shop.Dealer, StoreOwnership.Franchise, CanShip: true, CanPickup: true));
        await grains.GetGrain<ISkuGrain>(shop.Serum).Define("Hydrating Serum 30ml", SerumPrice);
        await grains.GetGrain<ISkuGrain>(shop.Cream).Define("Repair Night Cream 50ml", CreamPrice);
        foreach (var sku in new[] { shop.Serum, shop.Cream })
        {
            await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, shop.RegionId)).SetOnHandMany(
                [new StoreCount(shop.DirectStore, stockPerStore), new StoreCount(shop.FranchiseStore, stockPerStore)]);
        }

        await grains.GetGrain<IGuideGrain>(shop.DirectGuide).Define(new GuideProfile(shop.DirectGuide, "Li Fang", shop.DirectStore, "team-puxi" + shop.Member));
        await grains.GetGrain<IGuideGrain>(shop.FranchiseGuide).Define(new GuideProfile(shop.FranchiseGuide, "Wang Min", shop.FranchiseStore, "team-puxi" + shop.Member));
        await shop.NewMember(shop.Member, guideId: shop.DirectGuide);
        return shop;
    }

    /// <summary>A shop with a live room of its direct guide, started, selling the serum and the cream.</summary>
    public static async Task<(Shop Shop, ILiveRoomGrain Room, Actor Host)> OpenWithLiveRoom(IGrainFactory grains, long stockPerStore = 10)
    {
        var shop = await Open(grains, stockPerStore);
        var room = grains.GetGrain<ILiveRoomGrain>(NewId("room"));
        await room.Create(new CreateLiveRoom(shop.DirectGuide, "Serum week", shop.RegionId, [shop.Serum, shop.Cream]));
        var host = new Actor(shop.DirectGuide, "Li Fang", Roles.Guide);
        await room.Start(host);
        return (shop, room, host);
    }

    public IOrderGrain Order(string orderId) => Grains.GetGrain<IOrderGrain>(orderId);

    public IInventoryPoolGrain Pool(string sku) => Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(sku, RegionId));

    public async Task NewMember(string memberId, string? guideId = null)
    {
        var member = Grains.GetGrain<IMemberGrain>(memberId);
        await member.Upsert(new MemberUpdate("Chen Jing", [], null));
        if (guideId is not null)
        {
            await member.BindGuide(guideId, reassign: false);
        }
    }

    /// <summary>An order from People's Square, shipped, entering the given store (default: the direct store).</summary>
    public PlaceOrder Placing(params (string Sku, int Quantity)[] lines) => Placing(DirectStore, lines);

    public PlaceOrder Placing(string storeId, params (string Sku, int Quantity)[] lines) =>
        new(Member, RegionId, storeId, [.. lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))], FulfilmentMode.Ship,
            PeoplesSquare.Latitude, PeoplesSquare.Longitude);

    /// <summary>A new in-store sale at the direct store with 3% commission, at the given time (default: now).</summary>
    public SaleCredit InStoreSale(long amount, DateTimeOffset? at = null) =>
        new(NewId("s"), amount, amount * 3 / 100, null, DirectStore, SaleChannel.InStore, at ?? DateTimeOffset.UtcNow);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
