using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Inventory;

/// <summary>Real Shanghai shopping areas, and a helper that opens a fresh region with some of them stocked.</summary>
internal static class ShanghaiStores
{
    /// <summary>Where the customer stands in most tests.</summary>
    public static readonly GeoPoint PeoplesSquare = new(31.2323, 121.4735);

    // Distances from People's Square: 0.70, 1.41, 2.6, 2.85, 5.4 and 8.5 km.
    public static readonly GeoPoint NanjingRoadEast = new(31.2352, 121.4800);
    public static readonly GeoPoint Xintiandi = new(31.2197, 121.4752);
    public static readonly GeoPoint Lujiazui = new(31.2376, 121.5003);
    public static readonly GeoPoint JingAnTemple = new(31.2231, 121.4455);
    public static readonly GeoPoint Xujiahui = new(31.1955, 121.4366);
    public static readonly GeoPoint Wujiaochang = new(31.3005, 121.5140);

    public sealed record StoreSpec(string Name, GeoPoint At, long Stock, bool CanShip = true, bool CanPickup = true);

    public sealed record Setup(IGrainFactory Grains, string RegionId, string Sku, IReadOnlyDictionary<string, string> StoreIds)
    {
        public IInventoryPoolGrain Pool => Grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(Sku, RegionId));

        public string Store(string name) => StoreIds[name];

        public ReservationRequest Ship(int quantity, string? id = null, int? ttlSeconds = null) =>
            new(id ?? TestIds.New("res"), quantity, PeoplesSquare.Latitude, PeoplesSquare.Longitude, FulfilmentMode.Ship, TtlSeconds: ttlSeconds);

        public ReservationRequest Pickup(int quantity, string storeName, string? id = null) =>
            new(id ?? TestIds.New("res"), quantity, PeoplesSquare.Latitude, PeoplesSquare.Longitude, FulfilmentMode.Pickup, Store(storeName));
    }

    public static async Task<Setup> Open(IGrainFactory grains, params StoreSpec[] stores)
    {
        var regionId = TestIds.New("sh");
        var sku = TestIds.New("sku");
        await grains.GetGrain<IRegionGrain>(regionId).Define("Shanghai");
        await grains.GetGrain<ISkuGrain>(sku).Define("Hydrating Serum 30ml", 32900);
        var ids = new Dictionary<string, string>();
        foreach (var store in stores)
        {
            var storeId = TestIds.New("st");
            ids[store.Name] = storeId;
            await grains.GetGrain<IStoreGrain>(storeId).Define(new StoreProfile(
                storeId, store.Name, regionId, store.At.Latitude, store.At.Longitude, "brand", StoreOwnership.Direct, store.CanShip, store.CanPickup));
        }

        var setup = new Setup(grains, regionId, sku, ids);
        await setup.Pool.SetOnHandMany([.. stores.Select(s => new StoreCount(ids[s.Name], s.Stock))]);
        return setup;
    }
}
