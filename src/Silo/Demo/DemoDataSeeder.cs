using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;
using PrivateDomain.Realtime.Grains.Members;

namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>
/// Seeds the demo brand when the silo starts and the cluster has no regions yet, so a restart on
/// PostgreSQL never overwrites what happened since (stock counts, orders).
/// </summary>
internal sealed class DemoDataSeeder(IGrainFactory grains, IOptions<MemberOptions> members, ILogger<DemoDataSeeder> logger) : IStartupTask
{
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = 32 };

    // A binding waits until the boards have it (one aggregator flush, about 100 ms), so many go at once.
    private static readonly ParallelOptions BindingParallelism = new() { MaxDegreeOfParallelism = 64 };

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

        var stores = DemoBrand.Cities.SelectMany(city => city.Sites.Select((site, index) => (city, site, index))).ToList();
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

        var pools = DemoBrand.Cities.SelectMany(city => Enumerable.Range(0, DemoBrand.SkuCount).Select(skuIndex => (city, skuIndex)));
        await Parallel.ForEachAsync(pools, Parallelism, async (pool, _) =>
        {
            var (city, skuIndex) = pool;
            var counts = city.Sites.Select((_, storeIndex) => new StoreCount(DemoBrand.StoreId(city, storeIndex), DemoBrand.StockOf(storeIndex, skuIndex)));
            await grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(DemoBrand.SkuId(skuIndex), city.RegionId)).SetOnHandMany([.. counts]);
        });

        var prices = DemoBrand.Cities.SelectMany(city => city.Sites.Select((_, storeIndex) => (city, storeIndex)));
        await Parallel.ForEachAsync(prices, Parallelism, async (store, _) =>
        {
            var (city, storeIndex) = store;
            var storeGrain = grains.GetGrain<IStoreGrain>(DemoBrand.StoreId(city, storeIndex));
            foreach (var (skuIndex, price, promotion) in DemoBrand.StorePricesOf(storeIndex))
            {
                await storeGrain.SetCatalogEntry(new StoreCatalogEntry(DemoBrand.SkuId(skuIndex), price, promotion));
            }
        });

        var guides = DemoBrand.Guides().ToList();
        await Parallel.ForEachAsync(guides.Select((g, i) => (g, i)), Parallelism, async (guide, _) =>
            await grains.GetGrain<IGuideGrain>(guide.g.GuideId).Define(new GuideProfile(guide.g.GuideId, DemoBrand.PersonName(guide.i + 7), guide.g.StoreId, guide.g.TeamId)));

        foreach (var city in DemoBrand.Cities)
        {
            foreach (var team in city.Teams)
            {
                await grains.GetGrain<ITeamGrain>(team).Define(DemoBrand.TeamName(city, team));
            }
        }

        // A PK between Shanghai's two teams on sales, running this week, so the opening orders below already score (one
        // team well ahead: a PK on new members would stand tied, every guide binding alike) and an order paid in Shanghai
        // moves it.
        var shanghai = DemoBrand.Cities[0];
        var now = TimeProvider.System.GetUtcNow();
        await grains.GetGrain<IPkGrain>(DemoBrand.PkId).Create(new CreatePk("Puxi vs Pudong: sales this week", PkMetric.Sales,
            [.. shanghai.Teams.Select(team => new PkParticipant(team, PkParticipantKind.Team, DemoBrand.PkSalesTarget))], now.AddMinutes(-1), now.AddDays(7)));

        // Every guide's task this week: new customers, so the bindings below count toward it (and a third of the guides complete it).
        await Parallel.ForEachAsync(guides, Parallelism, async (guide, _) =>
            await grains.GetGrain<IGuideGrain>(guide.GuideId).AssignTask(new AssignGuideTask(
                "week-new-customers", GuideTaskKind.AddCustomers, "Add 4 new customers this week", 4, 40, now.AddDays(7))));

        await Parallel.ForEachAsync(Enumerable.Range(0, DemoBrand.MemberCount), BindingParallelism, async (index, _) =>
        {
            var memberId = DemoBrand.MemberId(index);
            var member = grains.GetGrain<IMemberGrain>(memberId);
            await member.Upsert(new MemberUpdate(
                DemoBrand.MemberName(index),
                [new MemberIdentity(IdentityChannel.MiniProgramOpenId, $"openid-{memberId}")],
                [.. DemoBrand.MemberTags(index)]));
            await member.BindGuide(guides[index % guides.Count].GuideId, reassign: false);
        });

        // One live room per city, live, hosted by the city's first guide with its first products on the shelf.
        var ops = new Actor("ops-demo", "Operations", Roles.Ops);
        foreach (var (city, host) in DemoBrand.Cities.Select(c => (c, guides.First(g => g.StoreId.StartsWith(c.StorePrefix + "-", StringComparison.Ordinal)))))
        {
            var room = grains.GetGrain<ILiveRoomGrain>($"live-{city.RegionId}");
            await room.Create(new CreateLiveRoom(host.GuideId, $"{city.Name} new season", city.RegionId, [.. Enumerable.Range(0, 5).Select(DemoBrand.SkuId)]));
            await room.Start(ops);
        }

        await SellTheMorningsFirstOrders(guides, stores);
        await LookWithoutBuying(guides, stores);
        Log.DemoDataSeeded(logger, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// A customer of every fifth guide (guide-001's is member-0001) has looked at a product of their guide's store often
    /// enough this week without buying it that the guide has a follow-up waiting. The product is one the store does not
    /// price itself, so none of the opening orders bought it.
    /// </summary>
    private async Task LookWithoutBuying(
        IReadOnlyList<(string GuideId, string StoreId, string TeamId)> guides,
        IReadOnlyList<(DemoCity City, DemoStoreSite Site, int Index)> stores)
    {
        var storeIndexes = stores.ToDictionary(store => DemoBrand.StoreId(store.City, store.Index), store => store.Index, StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, guides.Count).Where(index => index % 5 == 0), Parallelism, async (memberIndex, _) =>
        {
            var storeId = guides[memberIndex].StoreId;
            var sku = DemoBrand.SkuId(DemoBrand.UnpricedSkuOf(storeIndexes[storeId]));
            var member = grains.GetGrain<IMemberGrain>(DemoBrand.MemberId(memberIndex));
            for (var view = 0; view < members.Value.BrowseAlertViews; view++)
            {
                await member.RecordBrowse(sku, storeId);
            }
        });
    }

    /// <summary>
    /// Paid orders through the real order path — members buying at their guide's store, one in three in the city's
    /// live room — so the sales boards, commissions and rooms' GMV have figures when the dashboard first opens.
    /// </summary>
    private async Task SellTheMorningsFirstOrders(
        IReadOnlyList<(string GuideId, string StoreId, string TeamId)> guides,
        IReadOnlyList<(DemoCity City, DemoStoreSite Site, int Index)> stores)
    {
        var storesById = stores.ToDictionary(store => DemoBrand.StoreId(store.City, store.Index), StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, DemoBrand.OpeningOrderCount), Parallelism, async (index, _) =>
        {
            // Member i is bound to guide i (mod the guides), so the order counts to that guide and store.
            var memberIndex = index * 7 % guides.Count;
            var guide = guides[memberIndex];
            var store = storesById[guide.StoreId];
            var (skuIndex, _, _) = DemoBrand.StorePricesOf(store.Index).ElementAt(index % 10);
            var order = grains.GetGrain<IOrderGrain>($"demo-order-{index + 1:000}");
            var placed = await order.Place(new PlaceOrder(
                DemoBrand.MemberId(memberIndex),
                store.City.RegionId,
                guide.StoreId,
                [new OrderLineRequest(DemoBrand.SkuId(skuIndex), 1 + index % 2)],
                FulfilmentMode.Ship,
                store.Site.Latitude,
                store.Site.Longitude,
                LiveRoomId: index % 3 == 0 ? $"live-{store.City.RegionId}" : null));
            await order.Pay(new PayOrder($"demo-payment-{index + 1:000}", placed.Total));
        });
    }
}
