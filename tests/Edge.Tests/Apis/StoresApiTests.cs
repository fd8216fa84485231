using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PrivateDomain.Realtime.Edge.Extensions;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

[Collection(EdgeCollection.Name)]
public sealed class StoresApiTests(EdgeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _ops = fixture.App.ClientAs("ops-1", Roles.Ops);
    private readonly HttpClient _member = fixture.App.ClientAs("member-1", Roles.Member);
    private readonly string _regionId = TestIds.New("region");
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        (await _ops.PutAsJsonAsync($"/api/regions/{_regionId}", new { name = "Shanghai" }, Cancel)).EnsureSuccessStatusCode();

    public ValueTask DisposeAsync()
    {
        _ops.Dispose();
        _member.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PutStore_ThenGet_ReturnsTheProfile()
    {
        var storeId = TestIds.New("store");

        var put = await _ops.PutAsJsonAsync($"/api/stores/{storeId}", StoreBody(31.2352, 121.4800, ownership: "franchise"), Cancel);
        var profile = await _member.GetFromJsonAsync<StoreProfile>($"/api/stores/{storeId}", Cancel);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(new StoreProfile(storeId, "Nanjing Road East", _regionId, 31.2352, 121.4800, "dealer-9", StoreOwnership.Franchise, true, false), profile);
    }

    [Theory]
    [InlineData(90.5, 121.0, "latitude")]
    [InlineData(-90.5, 121.0, "latitude")]
    [InlineData(31.0, 180.5, "longitude")]
    [InlineData(31.0, -181.0, "longitude")]
    public async Task PutStore_WithCoordinatesOutOfRange_Returns400NamingTheFieldAndStoresNothing(double latitude, double longitude, string field)
    {
        var storeId = TestIds.New("store");

        var put = await _ops.PutAsJsonAsync($"/api/stores/{storeId}", StoreBody(latitude, longitude), Cancel);

        await AssertValidationProblem(put, field);
        Assert.Equal(HttpStatusCode.NotFound, (await _member.GetAsync($"/api/stores/{storeId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task PutStore_WithMissingFields_Returns400NamingEachField()
    {
        var put = await _ops.PutAsJsonAsync($"/api/stores/{TestIds.New("store")}", new { regionId = _regionId }, Cancel);

        var problem = await put.Content.ReadFromJsonAsync<HttpValidationProblem>(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("latitude", problem!.Errors.Keys);
        Assert.Contains("longitude", problem.Errors.Keys);
        Assert.Contains("ownership", problem.Errors.Keys);
    }

    [Fact]
    public async Task PutStore_InUnknownRegion_Returns400UnknownRegionAndStoresNothing()
    {
        var storeId = TestIds.New("store");
        var body = new { name = "X", regionId = "atlantis", latitude = 31.2, longitude = 121.4, ownerAccountId = "brand", ownership = "direct" };

        var put = await _ops.PutAsJsonAsync($"/api/stores/{storeId}", body, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(ErrorCodes.UnknownRegion, await put.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _member.GetAsync($"/api/stores/{storeId}", Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"X\",\"latitude\":")]
    [InlineData("{\"name\":\"X\",\"latitude\":\"north\"}")]
    [InlineData("{\"name\":\"X\",\"ownership\":\"dealer\"}")]
    [InlineData("{\"name\":\"X\",\"ownership\":1}")]
    [InlineData("{\"name\":\"X\",\"ownership\":\"1\"}")]
    public async Task PutStore_WithMalformedJson_Returns400MalformedRequest(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var put = await _ops.PutAsync($"/api/stores/{TestIds.New("store")}", content, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("malformed-request", await put.ProblemCodeAsync());
    }

    [Theory]
    [InlineData("{\"name\":\"X\",\"ownership\":\"dealer\"}", "at $.ownership: one of \"direct\", \"franchise\"")]
    [InlineData("{\"name\":\"X\",\"latitude\":\"north\"}", "at $.latitude")]
    public async Task PutStore_WithAValueOfTheWrongKind_SaysWhere_AndForAnEnumWhichNamesItTakes(string json, string where)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var put = await _ops.PutAsync($"/api/stores/{TestIds.New("store")}", content, Cancel);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(
            ("malformed-request", $"The request body is not valid JSON for this call ({where})."),
            (problem.GetProperty("code").GetString(), problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Regions_AreListedByName_ForAnyone_AndARenamedOneOnceUnderItsNewName()
    {
        var (first, second) = (TestIds.New("region"), TestIds.New("region"));
        (await _ops.PutAsJsonAsync($"/api/regions/{second}", new { name = "Hangzhou" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/regions/{first}", new { name = "Nanjing" }, Cancel)).EnsureSuccessStatusCode();
        (await _ops.PutAsJsonAsync($"/api/regions/{first}", new { name = "Beijing" }, Cancel)).EnsureSuccessStatusCode();

        var listed = (await _member.GetFromJsonAsync<RegionProfile[]>("/api/regions", Cancel))!;

        Assert.Contains(new RegionProfile(_regionId, "Shanghai"), listed);
        Assert.Equal([new RegionProfile(first, "Beijing"), new RegionProfile(second, "Hangzhou")], listed.Where(r => r.RegionId == first || r.RegionId == second));
        Assert.Equal(listed.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.RegionId, StringComparer.Ordinal), listed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutRegion_WithABodyOverTheLimit_Returns413BodyTooLargeAndStoresNothing(bool lengthKnown)
    {
        var regionId = TestIds.New("region");
        var json = JsonSerializer.Serialize(new { name = "Shanghai", padding = new string('x', (int)EdgeServiceExtensions.MaxRequestBodyBytes) });
        HttpContent content = lengthKnown ? new StringContent(json, Encoding.UTF8, "application/json") : new LengthUnknownContent(json);

        var put = await _ops.PutAsync($"/api/regions/{regionId}", content, Cancel);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "body-too-large"), (put.StatusCode, await put.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await _ops.GetAsync($"/api/regions/{regionId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task GetStore_Unknown_Returns404UnknownStore()
    {
        var get = await _member.GetAsync($"/api/stores/{TestIds.New("store")}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(ErrorCodes.UnknownStore, await get.ProblemCodeAsync());
    }

    [Fact]
    public async Task Nearest_FromPeoplesSquare_ListsStoresByDistanceWithDistanceKm()
    {
        var xujiahui = await PutStore(31.1955, 121.4366);
        var nanjingRoad = await PutStore(31.2352, 121.4800);
        var lujiazui = await PutStore(31.2376, 121.5003);

        var nearest = await _member.GetFromJsonAsync<NearbyStore[]>(
            $"/api/stores/nearest?regionId={_regionId}&latitude=31.2323&longitude=121.4735&take=2", Cancel);

        Assert.NotNull(nearest);
        Assert.Equal([nanjingRoad, lujiazui], nearest.Select(n => n.Store.StoreId));
        Assert.InRange(nearest[0].DistanceKm, 0.6, 0.8);
        Assert.DoesNotContain(xujiahui, nearest.Select(n => n.Store.StoreId));
    }

    [Theory]
    [InlineData("latitude=95&longitude=121&take=3", "latitude")]
    [InlineData("latitude=31&longitude=121&take=0", "take")]
    [InlineData("latitude=31&longitude=121&take=101", "take")]
    [InlineData("longitude=121", "latitude")]
    public async Task Nearest_WithBadQuery_Returns400NamingTheField(string query, string field)
    {
        var get = await _member.GetAsync($"/api/stores/nearest?regionId={_regionId}&{query}", Cancel);

        await AssertValidationProblem(get, field);
    }

    [Fact]
    public async Task Nearest_InUnknownRegion_Returns404()
    {
        var get = await _member.GetAsync("/api/stores/nearest?regionId=atlantis&latitude=1&longitude=1", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(ErrorCodes.UnknownRegion, await get.ProblemCodeAsync());
    }

    [Fact]
    public async Task PutSku_WithBadPrice_Returns400AndStoresNothing()
    {
        var sku = TestIds.New("sku");

        var put = await _ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = "Serum", listPrice = -5 }, Cancel);

        await AssertValidationProblem(put, "listPrice");
        Assert.Equal(HttpStatusCode.NotFound, (await _member.GetAsync($"/api/skus/{sku}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task PutSku_ThenGet_ReturnsTheProductMaster()
    {
        var sku = TestIds.New("sku");

        (await _ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = "Hydrating Serum 30ml", listPrice = 32900 }, Cancel)).EnsureSuccessStatusCode();

        Assert.Equal(new SkuProfile(sku, "Hydrating Serum 30ml", 32900), await _member.GetFromJsonAsync<SkuProfile>($"/api/skus/{sku}", Cancel));
    }

    private object StoreBody(double latitude, double longitude, string ownership = "direct") => new
    {
        name = "Nanjing Road East",
        regionId = _regionId,
        latitude,
        longitude,
        ownerAccountId = "dealer-9",
        ownership,
        canShip = true,
        canPickup = false,
    };

    private async Task<string> PutStore(double latitude, double longitude)
    {
        var storeId = TestIds.New("store");
        (await _ops.PutAsJsonAsync($"/api/stores/{storeId}", StoreBody(latitude, longitude), Cancel)).EnsureSuccessStatusCode();
        return storeId;
    }

    private static async Task AssertValidationProblem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblem>(Cancel);
        Assert.Equal(ErrorCodes.ValidationFailed, problem!.Code);
        Assert.Contains(field, problem.Errors.Keys);
    }


    /// <summary>A JSON body sent chunked, its length not announced, so only reading it can find it too long.</summary>
    private sealed class LengthUnknownContent : HttpContent
    {
        private readonly byte[] _body;

        public LengthUnknownContent(string json)
        {
            _body = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
