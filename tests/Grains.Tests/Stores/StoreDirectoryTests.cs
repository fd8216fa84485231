using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Grains.Tests.Stores;

[Collection(ClusterCollection.Name)]
public sealed class StoreDirectoryTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task DefineStore_InUnknownRegion_ThrowsUnknownRegionAndStoresNothing()
    {
        var storeId = TestIds.New("store");
        var store = Store(storeId, TestIds.New("nowhere"), 31.2, 121.4);

        var error = await Assert.ThrowsAsync<DomainException>(() => _grains.GetGrain<IStoreGrain>(storeId).Define(store));

        Assert.Equal(ErrorCodes.UnknownRegion, error.Code);
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Null(await _grains.GetGrain<IStoreGrain>(storeId).GetProfile());
    }

    [Fact]
    public async Task DefineStore_WithLatitudeOutOfRange_IsRefusedAndStoresNothing()
    {
        var regionId = await NewRegion();
        var storeId = TestIds.New("store");

        var error = await Assert.ThrowsAsync<DomainException>(() =>
            _grains.GetGrain<IStoreGrain>(storeId).Define(Store(storeId, regionId, 91, 121.4)));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Null(await _grains.GetGrain<IStoreGrain>(storeId).GetProfile());
        Assert.Empty(await _grains.GetGrain<IRegionGrain>(regionId).GetStores());
    }

    [Fact]
    public async Task FindNearest_FromPeoplesSquare_OrdersStoresByGreatCircleDistance()
    {
        var regionId = await NewRegion();
        var xujiahui = await DefineStore(regionId, 31.1955, 121.4366);
        var nanjingRoad = await DefineStore(regionId, 31.2352, 121.4800);
        var lujiazui = await DefineStore(regionId, 31.2376, 121.5003);
        var peoplesSquare = new GeoPoint(31.2323, 121.4735);

        var nearest = await _grains.GetGrain<IRegionGrain>(regionId).FindNearest(peoplesSquare, take: 10);

        Assert.Equal([nanjingRoad, lujiazui, xujiahui], nearest.Select(n => n.Store.StoreId));
        Assert.InRange(nearest[0].DistanceKm, 0.6, 0.8);
        Assert.InRange(nearest[1].DistanceKm, 2.5, 2.8);
        Assert.InRange(nearest[2].DistanceKm, 5.2, 5.6);
    }

    [Fact]
    public async Task FindNearest_WithEqualDistances_BreaksTiesByStoreId()
    {
        var regionId = await NewRegion();
        var stores = new[] { "tie-c", "tie-a", "tie-b" }.Select(id => id + TestIds.New("")).ToArray();
        foreach (var storeId in stores)
        {
            await _grains.GetGrain<IStoreGrain>(storeId).Define(Store(storeId, regionId, 30.2720, 120.1630));
        }

        var nearest = await _grains.GetGrain<IRegionGrain>(regionId).FindNearest(new GeoPoint(30.25, 120.16), take: 2);

        Assert.Equal(stores.Order(StringComparer.Ordinal).Take(2), nearest.Select(n => n.Store.StoreId));
    }

    [Fact]
    public async Task DefineStore_InAnotherRegion_RetriedAfterLeavingTheOldRegionFailed_LeavesIt()
    {
        var from = await NewRegion();
        var to = await NewRegion();
        var storeId = await DefineStore(from, 30.2720, 120.1630);
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        var moved = Store(storeId, to, 30.2720, 120.1630);
        fixture.StorageFaults.FailNextWrite(_grains.GetGrain<IRegionGrain>(from).GetGrainId(), "region");
        await Assert.ThrowsAsync<OrleansException>(() => store.Define(moved));

        // The move was saved before the old region failed to let go; the retry finds nothing to save but must still
        // take the store off the old region's directory (else members there are sent to a store of another region).
        await store.Define(moved);

        Assert.Empty(await _grains.GetGrain<IRegionGrain>(from).GetStores());
        Assert.Equal(storeId, Assert.Single(await _grains.GetGrain<IRegionGrain>(to).GetStores()).StoreId);
        Assert.Equal(moved, await store.GetProfile());
    }

    [Fact]
    public async Task DefineStore_InAnotherRegion_MovesItBetweenDirectories()
    {
        var from = await NewRegion();
        var to = await NewRegion();
        var storeId = await DefineStore(from, 30.2720, 120.1630);

        await _grains.GetGrain<IStoreGrain>(storeId).Define(Store(storeId, to, 30.2720, 120.1630));

        Assert.Empty(await _grains.GetGrain<IRegionGrain>(from).GetStores());
        Assert.Equal(storeId, Assert.Single(await _grains.GetGrain<IRegionGrain>(to).GetStores()).StoreId);
    }

    [Fact]
    public async Task ConcurrentMovesAndPriceChanges_EachLandWhole_AndOnlyTheRegionTheStoredProfileNamesListsTheStore()
    {
        var regions = new[] { await NewRegion(), await NewRegion(), await NewRegion() };
        var storeId = await DefineStore(regions[0], 31.2352, 121.4800);
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        var skus = Enumerable.Range(0, 20).Select(_ => TestIds.New("sku")).ToList();
        foreach (var sku in skus)
        {
            await _grains.GetGrain<ISkuGrain>(sku).Define("Serum " + sku, 32_900);
        }

        // Ops moving the store back and forth while its prices are set: each change reads what the one before it left.
        var changes = new List<Task>();
        for (var i = 0; i < 30; i++)
        {
            changes.Add(store.Define(Store(storeId, regions[(i + 1) % 3], 31.2352, 121.4800)));
            if (i < skus.Count)
            {
                changes.Add(store.SetCatalogEntry(new StoreCatalogEntry(skus[i], 30_000 + i, null)));
            }
        }

        await Task.WhenAll(changes);
        await Activations.Deactivate(_grains, store);

        var regionId = (await store.GetProfile())!.RegionId;
        foreach (var region in regions)
        {
            var listed = (await _grains.GetGrain<IRegionGrain>(region).GetStores()).Any(s => s.StoreId == storeId);
            Assert.True(listed == (region == regionId), $"region {region} lists the store: {listed}; its profile names {regionId}");
        }

        var catalog = await store.GetCatalog();
        Assert.Equal(skus.Select((sku, i) => (sku, 30_000L + i)), skus.Select(sku => (sku, catalog[sku].Price)));
    }

    [Fact]
    public async Task AFranchiseStore_IsListedByItsOwnerAccount_ThroughRenames_ChangesOfOwner_AndBecomingDirect()
    {
        var regionId = await NewRegion();
        var (first, second) = (TestIds.New("dealer"), TestIds.New("dealer"));
        var storeId = TestIds.New("store");
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        var franchise = Store(storeId, regionId, 31.1955, 121.4366) with { OwnerAccountId = first, Ownership = StoreOwnership.Franchise };

        await store.Define(franchise);
        Assert.Equal(new[] { franchise }, await StoresOf(first));

        var renamed = franchise with { Name = "Xujiahui flagship" };
        await store.Define(renamed);
        Assert.Equal(new[] { renamed }, await StoresOf(first));

        // Sold to another franchisee: the first no longer lists it.
        var sold = renamed with { OwnerAccountId = second };
        await store.Define(sold);
        Assert.Empty(await StoresOf(first));
        Assert.Equal(new[] { sold }, await StoresOf(second));

        // Bought back by the brand, keeping the account: an account lists only the stores it is owed for.
        await store.Define(sold with { Ownership = StoreOwnership.Direct });
        Assert.Empty(await StoresOf(second));
    }

    [Fact]
    public async Task AFranchiseStore_SoldOn_RetriedAfterTheOldOwnerFailedToLetGo_LeavesItsList()
    {
        var regionId = await NewRegion();
        var (first, second) = (TestIds.New("dealer"), TestIds.New("dealer"));
        var storeId = TestIds.New("store");
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        await store.Define(Store(storeId, regionId, 31.1955, 121.4366) with { OwnerAccountId = first, Ownership = StoreOwnership.Franchise });
        var sold = Store(storeId, regionId, 31.1955, 121.4366) with { OwnerAccountId = second, Ownership = StoreOwnership.Franchise };
        fixture.StorageFaults.FailNextWrite(_grains.GetGrain<IAccountStoresGrain>(first).GetGrainId(), "account-stores");
        await Assert.ThrowsAsync<OrleansException>(() => store.Define(sold));

        // The sale was saved before the old owner failed to let go: the retry finds nothing to save, and leaves it.
        await store.Define(sold);

        Assert.Empty(await StoresOf(first));
        Assert.Equal(new[] { sold }, await StoresOf(second));
    }

    [Fact]
    public async Task TheFranchiseeWhoSoldAStore_AndAGuideWhoMovedOut_AreNoLongerWatchingIt_OnEveryEdge_ByTheTimeTheChangeAnswers()
    {
        var regionId = await NewRegion();
        var (first, second) = (TestIds.New("dealer"), TestIds.New("dealer"));
        var (storeId, otherStoreId) = (TestIds.New("store"), await DefineStore(regionId, 31.2304, 121.4737));
        var guideId = TestIds.New("guide");
        var store = _grains.GetGrain<IStoreGrain>(storeId);
        var guide = _grains.GetGrain<IGuideGrain>(guideId);
        var franchise = Store(storeId, regionId, 31.1955, 121.4366) with { OwnerAccountId = first, Ownership = StoreOwnership.Franchise };
        await store.Define(franchise);
        await guide.Define(new GuideProfile(guideId, "Wang Min", storeId, "team-a"));

        // Renamed, and the guide renamed: nobody leaves. Then sold on, bought back by the brand, the guide moved.
        await store.Define(franchise with { Name = "Xujiahui flagship" });
        await guide.Define(new GuideProfile(guideId, "Wang Min (Xujiahui)", storeId, "team-a"));
        Assert.Empty(fixture.Pushes.EndedWatchesOf(storeId));
        await store.Define(franchise with { OwnerAccountId = second });
        Assert.Equal([new EndedStoreWatch(Roles.Dealer, first)], fixture.Pushes.EndedWatchesOf(storeId));
        await store.Define(franchise with { OwnerAccountId = second, Ownership = StoreOwnership.Direct });
        await guide.Define(new GuideProfile(guideId, "Wang Min", otherStoreId, "team-a"));

        // Each was told before its change answered; the same changes again end nothing more.
        await store.Define(franchise with { OwnerAccountId = second, Ownership = StoreOwnership.Direct });
        await guide.Define(new GuideProfile(guideId, "Wang Min", otherStoreId, "team-a"));
        Assert.Equal(
            [new EndedStoreWatch(Roles.Dealer, first), new EndedStoreWatch(Roles.Dealer, second), new EndedStoreWatch(Roles.Guide, guideId)],
            fixture.Pushes.EndedWatchesOf(storeId));
        Assert.Empty(fixture.Pushes.EndedWatchesOf(otherStoreId));
    }

    [Fact]
    public async Task AFranchiseStoreItsAccountDoesNotList_IsListedByTheSameProfileDefinedAgain()
    {
        // As a store defined before accounts listed their stores: the same PUT again lists it.
        var regionId = await NewRegion();
        var dealer = TestIds.New("dealer");
        var storeId = TestIds.New("store");
        var franchise = Store(storeId, regionId, 31.1955, 121.4366) with { OwnerAccountId = dealer, Ownership = StoreOwnership.Franchise };
        await _grains.GetGrain<IStoreGrain>(storeId).Define(franchise);
        await _grains.GetGrain<IAccountStoresGrain>(dealer).RemoveStore(storeId);

        await _grains.GetGrain<IStoreGrain>(storeId).Define(franchise);

        Assert.Equal(new[] { franchise }, await StoresOf(dealer));
    }

    [Fact]
    public async Task ConcurrentChangesOfOwner_LeaveTheStoreListedByTheAccountItsStoredProfileNames_AndNoOther()
    {
        var regionId = await NewRegion();
        var dealers = new[] { TestIds.New("dealer"), TestIds.New("dealer"), TestIds.New("dealer") };
        var storeId = TestIds.New("store");
        var store = _grains.GetGrain<IStoreGrain>(storeId);

        // Every fourth change makes it direct, owned by the brand: listed by no account.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.Define(Store(storeId, regionId, 31.1955, 121.4366) with
        {
            OwnerAccountId = i % 4 == 3 ? "brand" : dealers[i % 4],
            Ownership = i % 4 == 3 ? StoreOwnership.Direct : StoreOwnership.Franchise,
        })));
        await Activations.Deactivate(_grains, store);

        var stored = (await store.GetProfile())!;
        foreach (var dealer in dealers)
        {
            var listed = (await StoresOf(dealer)).Any(s => s.StoreId == storeId);
            var owns = stored.Ownership == StoreOwnership.Franchise && stored.OwnerAccountId == dealer;
            Assert.True(listed == owns, $"account {dealer} lists the store: {listed}; its profile names {stored.OwnerAccountId} ({stored.Ownership})");
        }
    }

    [Fact]
    public async Task AnAccount_RefusesToListAStoreThatIsNotItsFranchiseStore()
    {
        var dealer = TestIds.New("dealer");
        var storeId = TestIds.New("store");
        var accounts = _grains.GetGrain<IAccountStoresGrain>(dealer);
        var direct = Store(storeId, "region", 31.1955, 121.4366) with { OwnerAccountId = dealer };
        var anothers = direct with { OwnerAccountId = TestIds.New("dealer"), Ownership = StoreOwnership.Franchise };

        foreach (var store in new[] { direct, anothers })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => accounts.UpsertStore(store));
            Assert.Equal(ErrorCodes.KeyMismatch, refused.Code);
        }

        Assert.Empty(await StoresOf(dealer));
    }

    [Fact]
    public async Task DefineSku_WithNonPositivePrice_IsRefusedAndStoresNothing()
    {
        var sku = TestIds.New("sku");

        var error = await Assert.ThrowsAsync<DomainException>(() => _grains.GetGrain<ISkuGrain>(sku).Define("Serum", 0));

        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Null(await _grains.GetGrain<ISkuGrain>(sku).GetProfile());
    }

    private async Task<IReadOnlyList<StoreProfile>> StoresOf(string accountId)
    {
        var listed = await _grains.GetGrain<IAccountStoresGrain>(accountId).GetStores();
        Assert.Equal(accountId, listed.AccountId);
        return listed.Stores;
    }

    private async Task<string> NewRegion()
    {
        var regionId = TestIds.New("region");
        await _grains.GetGrain<IRegionGrain>(regionId).Define("Test " + regionId);
        return regionId;
    }

    private async Task<string> DefineStore(string regionId, double latitude, double longitude)
    {
        var storeId = TestIds.New("store");
        await _grains.GetGrain<IStoreGrain>(storeId).Define(Store(storeId, regionId, latitude, longitude));
        return storeId;
    }

    private static StoreProfile Store(string storeId, string regionId, double latitude, double longitude) =>
        new(storeId, "Store " + storeId, regionId, latitude, longitude, "brand", StoreOwnership.Direct, CanShip: true, CanPickup: true);
}
