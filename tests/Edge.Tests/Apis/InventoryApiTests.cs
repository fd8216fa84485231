using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class InventoryApiTests(EdgeFixture fixture) : IAsyncLifetime
{
    private static readonly (string Name, double Latitude, double Longitude)[] ShanghaiSites =
    [
        ("Nanjing Road East", 31.2352, 121.4800),
        ("Xintiandi", 31.2197, 121.4752),
        ("Lujiazui", 31.2376, 121.5003),
        ("Jing'an Temple", 31.2231, 121.4455),
        ("Xujiahui", 31.1955, 121.4366),
    ];

    private readonly HttpClient _ops = fixture.App.ClientAs("ops-1", Roles.Ops);
    private readonly HttpClient _member = fixture.App.ClientAs("member-1", Roles.Member);
    private readonly string _regionId = TestIds.New("sh");
    private readonly string _sku = TestIds.New("sku");
    private readonly List<string> _stores = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Base => $"/api/inventory/{_regionId}/{_sku}";

    public async ValueTask InitializeAsync()
    {
        (await _ops.PutAsJsonAsync($"/api/regions/{_regionId}", new { name = "Shanghai" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/skus/{_sku}", new { name = "Repair Night Cream 50ml", listPrice = 59900 }, Cancel)).EnsureSuccessStatusCode();
        foreach (var (name, latitude, longitude) in ShanghaiSites)
        {
            var storeId = TestIds.New("st");
            _stores.Add(storeId);
            var store = new { name, regionId = _regionId, latitude, longitude, ownerAccountId = "brand", ownership = "direct" };
            (await _ops.PutAsJsonAsync($"/api/stores/{storeId}", store, Cancel)).EnsureSuccessStatusCode();
            (await _ops.PutAsJsonAsync($"/api/stores/{storeId}/stock/{_sku}", new { onHand = 20 }, Cancel)).EnsureSuccessStatusCode();
        }
    }

    public ValueTask DisposeAsync()
    {
        _ops.Dispose();
        _member.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Reservations_ThousandConcurrentOverHttp_OnHundredUnits_ExactlyHundredSucceed()
    {
        // Fifty members (the per-user rate limit is per member), twenty attempts each, all at once.
        var members = Enumerable.Range(0, 50).Select(i => fixture.App.ClientAs($"buyer-{i}", Roles.Member)).ToArray();
        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            members[i % members.Length].PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 1), Cancel)));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(900, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Take(20))
        {
            Assert.Equal(ErrorCodes.InsufficientStock, await refused.ProblemCodeAsync());
        }

        var view = await _member.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((0, 100, 100), (view!.Available, view.OnHand, view.Reserved));
        Assert.All(view.Stores, s => Assert.True(s.OnHand - s.Reserved >= 0));
        foreach (var member in members)
        {
            member.Dispose();
        }
    }

    [Fact]
    public async Task SafetyStock_SetByOps_IsHeldBackFromWhatMembersCanReserve_AndBadValuesChangeNothing()
    {
        var set = await _ops.PutAsJsonAsync($"{Base}/safety-stock", new { safetyStock = 95 }, Cancel);
        var byMember = await _member.PutAsJsonAsync($"{Base}/safety-stock", new { safetyStock = 0 }, Cancel);
        var negative = await _ops.PutAsJsonAsync($"{Base}/safety-stock", new { safetyStock = -1 }, Cancel);
        var missing = await _ops.PutAsJsonAsync($"{Base}/safety-stock", new { }, Cancel);
        var beyondIt = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 6), Cancel);
        var withinIt = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 5), Cancel);

        var view = await set.Content.ReadFromJsonAsync<InventoryView>(Cancel);
        Assert.Equal((100L, 95L, 5L), (view!.OnHand, view.SafetyStock, view.Available));
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (negative.StatusCode, await negative.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (missing.StatusCode, await missing.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.InsufficientStock), (beyondIt.StatusCode, await beyondIt.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.Created, withinIt.StatusCode);
        var after = await _member.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((95L, 5L, 0L), (after!.SafetyStock, after.Reserved, after.Available));
    }

    [Fact]
    public async Task Reserve_Returns201WithAllocationsAndExpiry_AndConfirmAndReleaseAreIdempotent()
    {
        var reservationId = TestIds.New("r");

        var created = await _member.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 3), Cancel);
        var reservation = await created.Content.ReadFromJsonAsync<Reservation>(Cancel);
        var confirmed = await _member.PostAsync($"{Base}/reservations/{reservationId}/confirm", null, Cancel);
        var confirmedAgain = await _member.PostAsync($"{Base}/reservations/{reservationId}/confirm", null, Cancel);
        var release = await _member.DeleteAsync($"{Base}/reservations/{reservationId}", Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{Base}/reservations/{reservationId}", created.Headers.Location!.OriginalString);
        Assert.Equal(_stores[0], Assert.Single(reservation!.Allocations).StoreId);
        Assert.True(reservation.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        Assert.Equal(ErrorCodes.ReservationConfirmed, await release.ProblemCodeAsync());
        var view = await _member.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((97, 0), (view!.OnHand, view.Reserved));
    }

    [Fact]
    public async Task TwoMembersConfirmingTheSameReservationIdForTwoSkus_BothReachTheStoresFulfilmentQueue()
    {
        // A reservation id is one pool's (one SKU's in one region): "r-1" for a cream and "r-1" for a serum are two
        // reservations, and the store that ships both must have both in its queue.
        var serum = TestIds.New("sku");
        (await _ops.PutAsJsonAsync($"/api/skus/{serum}", new { name = "Hydrating Serum 30ml", listPrice = 32900 }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/stock/{serum}", new { onHand = 10 }, Cancel)).EnsureSuccessStatusCode();
        using var other = fixture.App.ClientAs("member-2", Roles.Member);
        var reservationId = TestIds.New("r");
        (await _member.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 3), Cancel)).EnsureSuccessStatusCode();
        (await other.PostAsJsonAsync($"/api/inventory/{_regionId}/{serum}/reservations", Body(reservationId, 2), Cancel)).EnsureSuccessStatusCode();

        (await _member.PostAsync($"{Base}/reservations/{reservationId}/confirm", null, Cancel)).EnsureSuccessStatusCode();
        (await other.PostAsync($"/api/inventory/{_regionId}/{serum}/reservations/{reservationId}/confirm", null, Cancel)).EnsureSuccessStatusCode();

        var queue = (await _ops.GetFromJsonAsync<StoreFulfilment[]>($"/api/stores/{_stores[0]}/fulfilment", Cancel))!;
        Assert.Equal(
            [(_sku, 3), (serum, 2)],
            queue.SelectMany(f => f.Lines).Select(l => (l.Sku, l.Quantity)).OrderBy(l => l.Quantity == 2));
        Assert.Equal(2, queue.Select(f => f.FulfilmentId).Distinct().Count());
    }

    [Fact]
    public async Task AStoreMovedToAnotherRegion_NoLongerAddsItsStockToTheOldRegion()
    {
        // Its counts stay in the old region's pool (its reservations there still close), where no route reaches them
        // any more; the region must not offer units no store of it can ship.
        var (name, latitude, longitude) = ShanghaiSites[4];
        var suzhou = TestIds.New("sz");
        (await _ops.PutAsJsonAsync($"/api/regions/{suzhou}", new { name = "Suzhou" }, Cancel)).EnsureSuccessStatusCode();
        var store = new { name, regionId = suzhou, latitude, longitude, ownerAccountId = "brand", ownership = "direct" };
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[4]}", store, Cancel)).EnsureSuccessStatusCode();

        // Pools refresh their copy of the region's stores every Inventory:StoreDirectoryRefresh (10 s).
        await Eventually.True(async () => (await _ops.GetFromJsonAsync<InventoryView>(Base, Cancel))!.Available == 80,
            TimeSpan.FromSeconds(30), Cancel);
        var tooMany = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 81), Cancel);
        var all = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 80), Cancel);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.InsufficientStock), (tooMany.StatusCode, await tooMany.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.Created, all.StatusCode);
        var view = await _ops.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((0L, 100L, 80L), (view!.Available, view.OnHand, view.Reserved));
        Assert.Equal((20L, 0L), view.Stores.Where(s => s.StoreId == _stores[4]).Select(s => (s.OnHand, s.Reserved)).Single());
        await Eventually.True(async () => (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{_stores[0]}/page", Cancel))!
            .Items.Single(i => i.Sku == _sku).Available == 0, TimeSpan.FromSeconds(30), Cancel);
    }

    [Fact]
    public async Task AReservation_IsItsMembers_AnotherMemberCanNeitherSeeConfirmReleaseNorReuseIt()
    {
        using var other = fixture.App.ClientAs("member-2", Roles.Member);
        var reservationId = TestIds.New("r");
        (await _member.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 3), Cancel)).EnsureSuccessStatusCode();

        var seen = await other.GetAsync($"{Base}/reservations/{reservationId}", Cancel);
        var confirmed = await other.PostAsync($"{Base}/reservations/{reservationId}/confirm", null, Cancel);
        var released = await other.DeleteAsync($"{Base}/reservations/{reservationId}", Cancel);
        var reused = await other.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 3), Cancel);
        var byOps = await _ops.GetFromJsonAsync<Reservation>($"{Base}/reservations/{reservationId}", Cancel);
        var own = await _member.GetFromJsonAsync<Reservation>($"{Base}/reservations/{reservationId}", Cancel);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [seen.StatusCode, confirmed.StatusCode, released.StatusCode]);
        Assert.Equal(EdgeErrorCodes.Forbidden, await released.ProblemCodeAsync());
        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.ReservationConflict), (reused.StatusCode, await reused.ProblemCodeAsync()));
        Assert.Equal((ReservationStatus.Held, "member-1"), (byOps!.Status, byOps.OwnerId));
        Assert.Equal((ReservationStatus.Held, "member-1"), (own!.Status, own.OwnerId));
        var view = await _member.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((100, 3), (view!.OnHand, view.Reserved));
    }

    [Fact]
    public async Task AnOrdersOrALiveRoomsReservation_CannotBeConfirmedOrReleasedThroughTheReservationRoutes()
    {
        // A flash sale's units are a reservation the room made; releasing it here would let the room sell units the
        // pool had given back to the region.
        var grains = fixture.App.Services.GetRequiredService<IGrainFactory>();
        var pool = grains.GetGrain<IInventoryPoolGrain>(PoolKey.For(_sku, _regionId));
        await pool.Reserve(new ReservationRequest("room-1.sale.s-1", 10, ShanghaiSites[0].Latitude, ShanghaiSites[0].Longitude, FulfilmentMode.Ship));

        var released = await _member.DeleteAsync($"{Base}/reservations/room-1.sale.s-1", Cancel);
        var confirmed = await _member.PostAsync($"{Base}/reservations/room-1.sale.s-1/confirm", null, Cancel);
        var seen = await _member.GetAsync($"{Base}/reservations/room-1.sale.s-1", Cancel);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [released.StatusCode, confirmed.StatusCode, seen.StatusCode]);
        Assert.Equal(ReservationStatus.Held, (await pool.GetReservation("room-1.sale.s-1"))!.Status);
        var view = await _ops.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal((100, 10), (view!.OnHand, view.Reserved));
    }

    [Fact]
    public async Task AMember_HoldingTheMostOneMayHold_Gets409HoldLimit_AndNothingChanges_WhileAnotherMemberStillReserves()
    {
        foreach (var store in _stores)
        {
            (await _ops.PutAsJsonAsync($"/api/stores/{store}/stock/{_sku}", new { onHand = 5_000 }, Cancel)).EnsureSuccessStatusCode();
        }

        using var other = fixture.App.ClientAs("member-2", Roles.Member);
        (await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 6_000), Cancel)).EnsureSuccessStatusCode();
        (await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 4_000), Cancel)).EnsureSuccessStatusCode();
        var before = await _ops.GetFromJsonAsync<InventoryView>(Base, Cancel);

        var refused = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 1), Cancel);
        var after = await _ops.GetFromJsonAsync<InventoryView>(Base, Cancel);
        var others = await other.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 1_000), Cancel);

        Assert.Equal((HttpStatusCode.Conflict, ErrorCodes.HoldLimit), (refused.StatusCode, await refused.ProblemCodeAsync()));
        Assert.Equal(10_000, before!.Reserved);
        Assert.Equal(before with { Stores = [] }, after! with { Stores = [] });
        Assert.Equal(before.Stores, after.Stores);
        Assert.Equal(HttpStatusCode.Created, others.StatusCode);
    }

    [Fact]
    public async Task Reserve_PickupAtAShortStore_Returns409NamingTheNearestStoresThatHaveIt()
    {
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/stock/{_sku}", new { onHand = 1 }, Cancel)).EnsureSuccessStatusCode();

        var response = await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 5, "pickup", _stores[0]), Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(ErrorCodes.InsufficientStock, problem.GetProperty("code").GetString());
        Assert.Equal(1, problem.GetProperty("available").GetInt64());
        Assert.Equal(_stores[1], problem.GetProperty("alternatives")[0].GetProperty("storeId").GetString());
    }

    [Theory]
    [InlineData(0, 31.23, 121.47, "ship", "quantity")]
    [InlineData(10_001, 31.23, 121.47, "ship", "quantity")]
    [InlineData(1, 95, 121.47, "ship", "latitude")]
    [InlineData(1, 31.23, 200, "ship", "longitude")]
    [InlineData(1, 31.23, 121.47, "pickup", "pickupStoreId")]
    public async Task Reserve_WithBadInput_Returns400AndChangesNothing(int quantity, double latitude, double longitude, string mode, string field)
    {
        var body = new { reservationId = TestIds.New("r"), quantity, latitude, longitude, mode };

        var response = await _member.PostAsJsonAsync($"{Base}/reservations", body, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        Assert.Equal(0, (await _member.GetFromJsonAsync<InventoryView>(Base, Cancel))!.Reserved);
    }

    [Fact]
    public async Task Reserve_WithAnIdLongerThanAnyClientId_Returns400_ThoughOrdersNameLongerOnes()
    {
        var response = await _member.PostAsJsonAsync($"{Base}/reservations", Body(new string('r', Validation.MaxIdLength + 1), 1), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reservationId", out _), problem.ToString());
        Assert.Equal(0, (await _member.GetFromJsonAsync<InventoryView>(Base, Cancel))!.Reserved);
    }

    [Fact]
    public async Task Reserve_WithoutABody_AndLedger_WithAnAfterThatIsNoNumber_Return400InTheClientsTerms()
    {
        var noBody = await _member.PostAsync($"{Base}/reservations", null, Cancel);
        var nullBody = await _member.PostAsync($"{Base}/reservations", new StringContent("null", Encoding.UTF8, "application/json"), Cancel);
        var badAfter = await _ops.GetAsync($"{Base}/ledger?after=abc", Cancel);

        foreach (var (response, detail) in new[] { (noBody, "This call needs a JSON body."), (nullBody, "This call needs a JSON body."), (badAfter, "'abc' is not a valid value for 'after'.") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.Equal(("malformed-request", detail), (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
        }

        Assert.Equal(0, (await _member.GetFromJsonAsync<InventoryView>(Base, Cancel))!.Reserved);
    }

    [Fact]
    public async Task Reserve_UnknownSkuOrRegion_Returns404()
    {
        var unknownSku = await _member.PostAsJsonAsync($"/api/inventory/{_regionId}/no-such-sku/reservations", Body(TestIds.New("r"), 1), Cancel);
        var unknownRegion = await _member.GetAsync($"/api/inventory/atlantis/{_sku}", Cancel);

        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownSku), (unknownSku.StatusCode, await unknownSku.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownRegion), (unknownRegion.StatusCode, await unknownRegion.ProblemCodeAsync()));
    }

    [Fact]
    public async Task Stock_NegativeOrUnknownStore_IsRefusedAndAdjustmentsAreIdempotent()
    {
        var negative = await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/stock/{_sku}", new { onHand = -1 }, Cancel);
        var unknownStore = await _ops.PutAsJsonAsync($"/api/stores/no-such-store/stock/{_sku}", new { onHand = 1 }, Cancel);
        var adjustment = new { adjustmentId = TestIds.New("adj"), delta = -3, reason = "damaged in transit" };
        await _ops.PostAsJsonAsync($"/api/stores/{_stores[1]}/stock/{_sku}/adjustments", adjustment, Cancel);
        var again = await _ops.PostAsJsonAsync($"/api/stores/{_stores[1]}/stock/{_sku}/adjustments", adjustment, Cancel);
        var belowZero = await _ops.PostAsJsonAsync($"/api/stores/{_stores[1]}/stock/{_sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta = -50, reason = "stock count" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStore.StatusCode);
        Assert.Equal(17, (await again.Content.ReadFromJsonAsync<StoreStock>(Cancel))!.OnHand);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, ErrorCodes.NegativeStock), (belowZero.StatusCode, await belowZero.ProblemCodeAsync()));
        Assert.Equal(97, (await _member.GetFromJsonAsync<InventoryView>(Base, Cancel))!.OnHand);
    }

    [Fact]
    public async Task Stock_AboveTheMaximumOrAnAdjustmentBeyondItsBounds_IsRefusedAndNothingChanges()
    {
        // A billion units a store at most: a region's sums over its stores must never overflow.
        var tooMany = await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/stock/{_sku}", new { onHand = StoreCount.MaxOnHand + 1 }, Cancel);
        var smallestLong = await _ops.PostAsJsonAsync($"/api/stores/{_stores[0]}/stock/{_sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta = long.MinValue, reason = "stock count" }, Cancel);
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[1]}/stock/{_sku}", new { onHand = StoreCount.MaxOnHand - 10 }, Cancel)).EnsureSuccessStatusCode();
        var aboveTheMaximum = await _ops.PostAsJsonAsync($"/api/stores/{_stores[1]}/stock/{_sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta = 11, reason = "goods received" }, Cancel);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (tooMany.StatusCode, await tooMany.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (smallestLong.StatusCode, await smallestLong.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed), (aboveTheMaximum.StatusCode, await aboveTheMaximum.ProblemCodeAsync()));
        var view = await _member.GetFromJsonAsync<InventoryView>(Base, Cancel);
        Assert.Equal([20, StoreCount.MaxOnHand - 10, 20, 20, 20], _stores.Select(store => view!.Stores.Single(s => s.StoreId == store).OnHand));
    }

    [Fact]
    public async Task StockAndLedger_AreForOpsOnly()
    {
        var setStock = await _member.PutAsJsonAsync($"/api/stores/{_stores[0]}/stock/{_sku}", new { onHand = 999 }, Cancel);
        var ledger = await _member.GetAsync($"{Base}/ledger", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, setStock.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, ledger.StatusCode);
        Assert.Equal(100, (await _member.GetFromJsonAsync<InventoryView>(Base, Cancel))!.OnHand);
    }

    [Fact]
    public async Task Ledger_ListsEveryMovementInOrder()
    {
        var reservationId = TestIds.New("r");
        await _member.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 2), Cancel);
        await _member.DeleteAsync($"{Base}/reservations/{reservationId}", Cancel);

        var page = await _ops.GetFromJsonAsync<LedgerPage>($"{Base}/ledger?after=0", Cancel);
        var tail = await _ops.GetFromJsonAsync<LedgerPage>($"{Base}/ledger?after=5", Cancel);

        Assert.Equal(
            [StockMovementKind.Set, StockMovementKind.Set, StockMovementKind.Set, StockMovementKind.Set, StockMovementKind.Set, StockMovementKind.Reserve, StockMovementKind.Release],
            page!.Entries.Select(e => e.Kind));
        Assert.Equal([6L, 7L], tail!.Entries.Select(e => e.Seq));
        Assert.Equal(reservationId, tail.Entries[0].ReferenceId);
    }

    [Fact]
    public async Task LedgerTail_IsTheLatestMovementsInOrder_FollowedFromItsNext_AndRefusesWhatItCannotMean()
    {
        var reservationId = TestIds.New("r");
        await _member.PostAsJsonAsync($"{Base}/reservations", Body(reservationId, 2), Cancel);

        var tail = await _ops.GetFromJsonAsync<LedgerPage>($"{Base}/ledger?latest=2", Cancel);
        await _member.DeleteAsync($"{Base}/reservations/{reservationId}", Cancel);
        var since = await _ops.GetFromJsonAsync<LedgerPage>($"{Base}/ledger?after={tail!.Next}", Cancel);
        var whole = await _ops.GetFromJsonAsync<LedgerPage>($"{Base}/ledger?latest=1000", Cancel);

        Assert.Equal([(5L, StockMovementKind.Set), (6L, StockMovementKind.Reserve)], tail.Entries.Select(e => (e.Seq, e.Kind)));
        Assert.Equal((6L, false), (tail.Next, tail.HasMore));
        Assert.Equal([(7L, StockMovementKind.Release)], since!.Entries.Select(e => (e.Seq, e.Kind)));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], whole!.Entries.Select(e => e.Seq));
        foreach (var (query, code) in new[] { ("latest=0", "validation-failed"), ("latest=1001", "validation-failed"), ("latest=5&after=1", "validation-failed"),
                     ("latest=5&take=5", "validation-failed"), ("latest=x", "malformed-request") })
        {
            var refused = await _ops.GetAsync($"{Base}/ledger?{query}", Cancel);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{query}: {refused.StatusCode}");
            Assert.Equal(code, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("code").GetString());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await _member.GetAsync($"{Base}/ledger?latest=5", Cancel)).StatusCode);
    }

    [Fact]
    public async Task StorePage_ShowsThisStoresPriceAndPromotionAndTheRegionsStock()
    {
        var other = TestIds.New("sku");
        (await _ops.PutAsJsonAsync($"/api/skus/{other}", new { name = "Lip Balm Classic", listPrice = 5900 }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[2]}/catalog/{_sku}", new { price = 53900, promotion = "第二件半价" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[2]}/catalog/{other}", new { price = 4900 }, Cancel)).EnsureSuccessStatusCode();
        await _member.PostAsJsonAsync($"{Base}/reservations", Body(TestIds.New("r"), 4), Cancel);

        StorePage? page = null;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (page?.Items.FirstOrDefault(i => i.Sku == _sku)?.Available != 96 && DateTime.UtcNow < deadline)
        {
            // The region's figures are a read model the pools feed; allow it a moment.
            await Task.Delay(100, Cancel);
            page = await _member.GetFromJsonAsync<StorePage>($"/api/stores/{_stores[2]}/page", Cancel);
        }

        var item = page!.Items.Single(i => i.Sku == _sku);
        Assert.Equal((59900, 53900, "第二件半价", 96), (item.ListPrice, item.Price, item.Promotion, item.Available));
        Assert.Equal((4900, 0), (page.Items.Single(i => i.Sku == other).Price, page.Items.Single(i => i.Sku == other).Available));

        var otherStore = await _member.GetFromJsonAsync<StorePage>($"/api/stores/{_stores[0]}/page", Cancel);
        Assert.Equal((59900, null), (otherStore!.Items.Single(i => i.Sku == _sku).Price, otherStore.Items.Single(i => i.Sku == _sku).Promotion));
    }

    [Fact]
    public async Task StorePageItem_IsOneSkuAsTheStorePageShowsIt_AndOnlyOneTheStoreSells()
    {
        var priced = TestIds.New("sku");
        var unsold = TestIds.New("sku");
        foreach (var sku in new[] { priced, unsold })
        {
            (await _ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = "Toner 200ml", listPrice = 12_900 }, Cancel)).EnsureSuccessStatusCode();
        }

        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[1]}/catalog/{priced}", new { price = 9_900, promotion = "Two for 180" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/stores/{_stores[1]}/catalog/{_sku}", new { price = 55_900 }, Cancel)).EnsureSuccessStatusCode();
        await Eventually.True(async () => (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{_stores[1]}/page", Cancel))!.Items.Any(i => i.Sku == _sku && i.Available == 100),
            TimeSpan.FromSeconds(5), Cancel);
        var page = (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{_stores[1]}/page", Cancel))!;

        // Stocked in the region (at this store's own price), and priced here though stocked nowhere.
        Assert.Equal(page.Items.Single(i => i.Sku == _sku), await _member.GetFromJsonAsync<StorePageItem>($"/api/stores/{_stores[1]}/page/{_sku}", Cancel));
        Assert.Equal(new StorePageItem(priced, "Toner 200ml", 12_900, 9_900, "Two for 180", 0),
            await _member.GetFromJsonAsync<StorePageItem>($"/api/stores/{_stores[1]}/page/{priced}", Cancel));

        // A SKU the store does not sell, one that does not exist, and a store that does not exist.
        var notSold = await _member.GetAsync($"/api/stores/{_stores[1]}/page/{unsold}", Cancel);
        var unknownSku = await _member.GetAsync($"/api/stores/{_stores[1]}/page/no-such-sku", Cancel);
        var unknownStore = await _member.GetAsync($"/api/stores/no-such-store/page/{_sku}", Cancel);
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownSku), (notSold.StatusCode, await notSold.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownSku), (unknownSku.StatusCode, await unknownSku.ProblemCodeAsync()));
        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.UnknownStore), (unknownStore.StatusCode, await unknownStore.ProblemCodeAsync()));
    }

    [Fact]
    public async Task StorePage_ComesAPageAtATime_InSkuOrder_WhenTheClientAsks()
    {
        // A store alone in its region, so its page is exactly what this test gives it: the SKUs other tests stock in a
        // shared region reach its pages about a second late, and one could show between two reads of the page.
        var (regionId, storeId) = (TestIds.New("rg"), TestIds.New("st"));
        (await _ops.PutAsJsonAsync($"/api/regions/{regionId}", new { name = "Suzhou" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/stores/{storeId}", new { name = "Guanqian Street", regionId, latitude = 31.3116, longitude = 120.6200, ownerAccountId = "brand", ownership = "direct" }, Cancel)).EnsureSuccessStatusCode();

        // Five SKUs this store prices, so the page holds them though the region stocks none.
        var skus = Enumerable.Range(1, 5).Select(i => $"{TestIds.New("pg")}-{i}").Order(StringComparer.Ordinal).ToList();
        foreach (var sku in skus)
        {
            (await _ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = $"Sheet Mask {sku[^1]}", listPrice = 1500 }, Cancel)).EnsureSuccessStatusCode();
            (await _ops.PutAsJsonAsync($"/api/stores/{storeId}/catalog/{sku}", new { price = 1200 }, Cancel)).EnsureSuccessStatusCode();
        }

        var whole = (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{storeId}/page", Cancel))!;
        Assert.Null(whole.Next);
        Assert.Equal(whole.Items.Select(i => i.Sku).Order(StringComparer.Ordinal), whole.Items.Select(i => i.Sku));
        Assert.Superset(skus.ToHashSet(), whole.Items.Select(i => i.Sku).ToHashSet());

        // Pages of two, each after the last one's Next, add up to the whole page, in its order.
        var paged = await EveryPageOfTwo("");
        Assert.Equal(whole.Items, paged);

        // after is a place in the order, not necessarily a SKU of the page: just before the third of ours starts there.
        var fromThird = (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{storeId}/page?take=500&after={skus[2][..^1]}", Cancel))!;
        Assert.Equal(whole.Items.Where(i => string.CompareOrdinal(i.Sku, skus[2][..^1]) > 0), fromThird.Items);
        Assert.Equal(skus[2], fromThird.Items.First(i => skus.Contains(i.Sku)).Sku);
        Assert.Null(fromThird.Next);

        // A search keeps the SKUs whose name or id holds it, in any case, and pages the same way.
        var found = (await EveryPageOfTwo("&q=%20SHEET%20mask")).Select(i => i.Sku);
        Assert.Equal(skus, found);
        Assert.Equal([skus[3]], (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{storeId}/page?q={skus[3].ToUpperInvariant()}", Cancel))!.Items.Select(i => i.Sku));
        Assert.Empty((await _member.GetFromJsonAsync<StorePage>($"/api/stores/{storeId}/page?q=no-such-product", Cancel))!.Items);

        async Task<List<StorePageItem>> EveryPageOfTwo(string query)
        {
            var items = new List<StorePageItem>();
            string? after = null;
            do
            {
                var page = (await _member.GetFromJsonAsync<StorePage>($"/api/stores/{storeId}/page?take=2{query}{(after is null ? "" : $"&after={after}")}", Cancel))!;
                Assert.InRange(page.Items.Length, 1, 2);
                Assert.Equal(page.Next is null ? null : page.Items[^1].Sku, page.Next);
                items.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null);

            return items;
        }
    }

    [Theory]
    [InlineData("take=0", "take")]
    [InlineData("take=501", "take")]
    [InlineData("after=a%20b", "after")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "q")]
    public async Task StorePage_WithABadPageRequest_IsRefused(string query, string field)
    {
        var response = await _member.GetAsync($"/api/stores/{_stores[0]}/page?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblem>(Cancel);
        Assert.Equal("validation-failed", problem!.Code);
        Assert.Equal([field], problem.Errors.Keys);
    }

    [Fact]
    public async Task CatalogEntry_ForUnknownSkuOrBadPrice_IsRefused()
    {
        var unknown = await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/catalog/no-such-sku", new { price = 100 }, Cancel);
        var badPrice = await _ops.PutAsJsonAsync($"/api/stores/{_stores[0]}/catalog/{_sku}", new { price = 0 }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPrice.StatusCode);
    }

    private static object Body(string reservationId, int quantity, string mode = "ship", string? pickupStoreId = null) =>
        new { reservationId, quantity, latitude = 31.2323, longitude = 121.4735, mode, pickupStoreId };
}
