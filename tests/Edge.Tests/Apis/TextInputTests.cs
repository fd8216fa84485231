using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// Text a store cannot keep, or a one-line name should not hold: a NUL, which PostgreSQL refuses in text and JSON
/// columns — accepted once, a guide's name like that failed every later write that carried it (the guide's sales, the
/// board's flush, the room list's report) — and other control characters, such as a line break. Each is refused where
/// it comes in: 400 naming the field, nothing changed. Also nulls inside arrays, which reached the grains as null
/// elements and answered 500.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class TextInputTests(EdgeFixture fixture) : IAsyncLifetime
{
    private const string Placeholder = "\"BAD_TEXT\"";
    private readonly EdgeApplication _app = fixture.App;
    private readonly HttpClient _ops = fixture.App.ClientAs("ops-1", Roles.Ops);
    private DemoShop _shop = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// JSON string literals, escaped as a client would send them: a NUL, a line break, a C1 control character. (Half a
    /// surrogate pair the JSON reader already refuses, 400 <c>malformed-request</c>; the grains' own check covers
    /// callers that do not come through it — <c>PlainTextTests</c>.)
    /// </summary>
    public static TheoryData<string> UnstorableText => [@"""Li\u0000Fang""", @"""Li\nFang""", @"""Li\u0085Fang"""];

    public async ValueTask InitializeAsync() => _shop = await DemoShop.CreateAsync(_app, Cancel);

    public ValueTask DisposeAsync()
    {
        _ops.Dispose();
        return ValueTask.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task RegionAndGuideNames_AreRefused_AndTheOldNamesStay(string text)
    {
        var region = await Send(_ops, HttpMethod.Put, $"/api/regions/{_shop.RegionId}", new { name = "BAD_TEXT" }, text);
        var guide = await Send(_ops, HttpMethod.Put, $"/api/guides/{_shop.DirectGuide}",
            new { name = "BAD_TEXT", storeId = _shop.DirectStore, teamId = "team-a" }, text);

        await AssertRefused(region, "name");
        await AssertRefused(guide, "name");
        Assert.Equal("Shanghai", (await GetJson(_ops, $"/api/regions/{_shop.RegionId}")).GetProperty("name").GetString());
        Assert.Equal("Li Fang", (await GetJson(_ops, $"/api/guides/{_shop.DirectGuide}")).GetProperty("profile").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task AnAdjustmentsReason_IsRefused_AndTheStockAndLedgerStay(string text)
    {
        var ledgerBefore = await GetJson(_ops, $"/api/inventory/{_shop.RegionId}/{_shop.Sku}/ledger");

        var adjust = await Send(_ops, HttpMethod.Post, $"/api/stores/{_shop.DirectStore}/stock/{_shop.Sku}/adjustments",
            new { adjustmentId = TestIds.New("adj"), delta = 5, reason = "BAD_TEXT" }, text);

        await AssertRefused(adjust, "reason");
        Assert.Equal(40, (await GetJson(_ops, $"/api/inventory/{_shop.RegionId}/{_shop.Sku}")).GetProperty("onHand").GetInt64());
        Assert.Equal(ledgerBefore.GetProperty("entries").GetArrayLength(),
            (await GetJson(_ops, $"/api/inventory/{_shop.RegionId}/{_shop.Sku}/ledger")).GetProperty("entries").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task APromotion_IsRefused_AndTheStorePageKeepsTheListPrice(string text)
    {
        var put = await Send(_ops, HttpMethod.Put, $"/api/stores/{_shop.DirectStore}/catalog/{_shop.Sku}",
            new { price = 29_900, promotion = "BAD_TEXT" }, text);

        await AssertRefused(put, "promotion");
        // A stored price shows on the page at once (the region's stock may take a moment to join it).
        var items = (await GetJson(_ops, $"/api/stores/{_shop.DirectStore}/page")).GetProperty("items").EnumerateArray();
        Assert.All(items.Where(item => item.GetProperty("sku").GetString() == _shop.Sku),
            item => Assert.Equal((_shop.Price, JsonValueKind.Null), (item.GetProperty("price").GetInt64(), item.GetProperty("promotion").ValueKind)));
    }

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task AMembersTag_IsRefused_AndTheTagsStay(string text)
    {
        using var member = _app.ClientAs(_shop.Member, Roles.Member);

        var put = await Send(member, HttpMethod.Put, $"/api/members/{_shop.Member}", new { name = "Chen Jing", tags = new[] { "vip", "BAD_TEXT" } }, text);

        await AssertRefused(put, "tags");
        Assert.Equal(0, (await GetJson(member, $"/api/members/{_shop.Member}")).GetProperty("tags").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(UnstorableText))]
    public async Task RoomAndPkTitles_AreRefused_AndNeitherIsCreated(string text)
    {
        var roomId = TestIds.New("room");
        var pkId = TestIds.New("pk");

        var room = await Send(_ops, HttpMethod.Post, "/api/live-rooms",
            new { roomId, guideId = _shop.DirectGuide, title = "BAD_TEXT", regionId = _shop.RegionId, shelf = new[] { _shop.Sku } }, text);
        var pk = await Send(_ops, HttpMethod.Post, "/api/pk", new
        {
            pkId,
            title = "BAD_TEXT",
            metric = "sales",
            participants = new[] { new { id = _shop.DirectGuide, kind = "guide", target = 100 }, new { id = _shop.FranchiseGuide, kind = "guide", target = 100 } },
            startsAt = DateTimeOffset.UtcNow.AddMinutes(1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
        }, text);

        await AssertRefused(room, "title");
        await AssertRefused(pk, "title");
        Assert.Equal(HttpStatusCode.NotFound, (await _ops.GetAsync($"/api/live-rooms/{roomId}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _ops.GetAsync($"/api/pk/{pkId}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task NullsInsideArrays_AreRefused_AndNothingIsStored()
    {
        using var member = _app.ClientAs(_shop.Member, Roles.Member);
        var orderId = TestIds.New("order");

        var order = await Send(member, HttpMethod.Post, "/api/orders", new
        {
            orderId,
            memberId = _shop.Member,
            regionId = _shop.RegionId,
            storeId = _shop.DirectStore,
            lines = new[] { "BAD_TEXT" },
            mode = "ship",
            latitude = 31.2323,
            longitude = 121.4735,
        }, "null");
        var identities = await Send(member, HttpMethod.Put, $"/api/members/{_shop.Member}", new { name = "Chen Jing", identities = new[] { "BAD_TEXT" } }, "null");

        await AssertRefused(order, "lines");
        await AssertRefused(identities, "identities");
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/orders/{orderId}", Cancel)).StatusCode);
        Assert.Equal(0, (await GetJson(member, $"/api/members/{_shop.Member}")).GetProperty("identities").GetArrayLength());
        Assert.Equal(40, (await GetJson(_ops, $"/api/inventory/{_shop.RegionId}/{_shop.Sku}")).GetProperty("available").GetInt64());
    }

    /// <summary>Sends <paramref name="body"/> as JSON with its "BAD_TEXT" value replaced by the raw JSON <paramref name="literal"/>.</summary>
    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string literal)
    {
        var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web).Replace(Placeholder, literal, StringComparison.Ordinal);
        Assert.Contains(literal, json, StringComparison.Ordinal);
        return client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, Cancel);
    }

    private static async Task AssertRefused(HttpResponseMessage response, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.ValidationFailed, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    private static Task<JsonElement> GetJson(HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path, Cancel);
}
