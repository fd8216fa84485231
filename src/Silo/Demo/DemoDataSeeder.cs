using Microsoft.Extensions.Logging;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>
/// Seeds the demo brand when the silo starts and the cluster has no regions yet, so a restart on
/// PostgreSQL never overwrites what happened since (stock counts, orders).
/// </summary>
internal sealed class DemoDataSeeder(IGrainFactory grains, ILogger<DemoDataSeeder> logger) : IStartupTask
{
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = 32 };

    public async Task Execute(CancellationToken cancellationToken)
    {
        var firstCity = DemoBrand.Cities[0];
        if (await grains.GetGrain<IRegionGrain>(firstCity.RegionId).GetProfile() is not null)
        {
            Log.DemoDataPresent(logger);
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        foreach (var city in DemoBrand.Cities)
        {
            await grains.GetGrain<IRegionGrain>(city.RegionId).Define(city.Name);
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, DemoBrand.SkuCount), Parallelism, async (index, _) =>
            await grains.GetGrain<ISkuGrain>(DemoBrand.SkuId(index)).Define(DemoBrand.SkuName(index), DemoBrand.SkuListPrice(index)));

        var stores = DemoBrand.Cities.SelectMany(city => city.Sites.Select((site, index) => (city, site, index)));
        await Parallel.ForEachAsync(stores, Parallelism, async (store, _) =>
        {
            var (city, site, index) = store;
            var storeId = DemoBrand.StoreId(city, index);
            var franchise = DemoBrand.IsFranchise(index);
            await grains.GetGrain<IStoreGrain>(storeId).Define(new StoreProfile(
                storeId,
                $"{city.Name} {site.Name}",
                city.RegionId,
                site.Latitude,
                site.Longitude,
                franchise ? $"dealer-{storeId}" : DemoBrand.BrandAccountId,
                franchise ? StoreOwnership.Franchise : StoreOwnership.Direct,
                site.CanShip,
                CanPickup: true));
        });

        Log.DemoDataSeeded(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }
}
