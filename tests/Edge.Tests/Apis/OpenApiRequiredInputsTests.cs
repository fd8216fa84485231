using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// A client generator trusts the document's <c>required</c>: a body property or query parameter it lists must be sent, and
/// one it does not may be left out. So every route's inputs are checked against the running Edge: a valid call is
/// accepted; the same call with any one input left out is refused for that input exactly when the document requires it;
/// and an input the valid call does without must not be required.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class OpenApiRequiredInputsTests(EdgeFixture fixture)
{
    private readonly EdgeApplication _app = fixture.App;

    [Fact]
    public async Task EveryBodyProperty_IsRequiredInTheDocument_ExactlyWhenTheEdgeRefusesABodyWithoutIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var document = await ServedOpenApiDocument.ReadAsync(_app);
        using var calls = await ValidCalls.CreateAsync(_app, cancellationToken);
        var withBody = document.Operations
            .Select(operation => (operation.Key, Schema: document.JsonBodySchema(operation.Value)))
            .Where(operation => operation.Schema is not null)
            .ToDictionary(operation => operation.Key, operation => operation.Schema!.Value);

        // A new route with a body needs a valid call below, or its body would go unchecked.
        Assert.Subset(calls.Operations.ToHashSet(), withBody.Keys.ToHashSet());

        var mismatches = new List<string>();
        foreach (var (operation, schema) in withBody)
        {
            var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(name => name.GetString()!).ToHashSet() : [];
            var properties = schema.GetProperty("properties").EnumerateObject().ToDictionary(property => property.Name, property => property.Value);
            mismatches.AddRange(properties
                .Where(property => required.Contains(property.Key) && AdmitsNull(property.Value))
                .Select(property => $"{operation}: '{property.Key}' is required, yet its schema admits null, which the Edge refuses as it refuses leaving it out"));
            mismatches.AddRange(await CheckEachLeftOut(calls, operation, properties.Keys, required));
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task EveryQueryParameter_IsRequiredInTheDocument_ExactlyWhenTheEdgeRefusesACallWithoutIt()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var document = await ServedOpenApiDocument.ReadAsync(_app);
        using var calls = await ValidCalls.CreateAsync(_app, cancellationToken);
        var withQuery = document.Operations
            .Select(operation => (operation.Key, Parameters: operation.Value.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(parameter => parameter.GetProperty("in").GetString() == "query").ToList()
                : []))
            .Where(operation => operation.Parameters.Count > 0)
            .ToDictionary(operation => operation.Key, operation => operation.Parameters);

        Assert.Subset(calls.Operations.ToHashSet(), withQuery.Keys.ToHashSet());

        var mismatches = new List<string>();
        foreach (var (operation, parameters) in withQuery)
        {
            var required = parameters
                .Where(parameter => parameter.TryGetProperty("required", out var isRequired) && isRequired.GetBoolean())
                .Select(parameter => parameter.GetProperty("name").GetString()!)
                .ToHashSet();
            mismatches.AddRange(await CheckEachLeftOut(calls, operation, parameters.Select(parameter => parameter.GetProperty("name").GetString()!), required));
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));

        // Most query parameters narrow a list or page it; had the document required none, the loop would prove little.
        Assert.Contains(withQuery.Values.SelectMany(parameters => parameters), parameter => parameter.TryGetProperty("required", out var isRequired) && isRequired.GetBoolean());
    }

    /// <summary>
    /// The operation's valid call is accepted; then, for each input in turn, the call made again without it must be
    /// refused for that input when <paramref name="required"/> holds it, and accepted when not. An input the valid call
    /// does without is proven optional by its acceptance.
    /// </summary>
    private static async Task<List<string>> CheckEachLeftOut(ValidCalls calls, string operation, IEnumerable<string> inputs, IReadOnlySet<string> required)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var mismatches = new List<string>();
        var valid = await calls.PrepareAsync(operation);
        Assert.Empty(valid.Inputs.Except(inputs));
        using (var accepted = await valid.SendAsync(leftOut: null))
        {
            Assert.True(accepted.IsSuccessStatusCode, $"{operation}: the valid call was refused: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(cancellationToken)}");
        }

        foreach (var name in inputs)
        {
            if (!valid.Inputs.Contains(name))
            {
                if (required.Contains(name))
                {
                    mismatches.Add($"{operation}: '{name}' is required in the document, yet a call without it was accepted");
                }

                continue;
            }

            using var response = await (await calls.PrepareAsync(operation)).SendAsync(leftOut: name);
            var refusedForIt = await IsRefusedFor(response, name);
            if (!refusedForIt && !response.IsSuccessStatusCode)
            {
                mismatches.Add($"{operation}: without '{name}' the Edge answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            else if (refusedForIt != required.Contains(name))
            {
                mismatches.Add($"{operation}: '{name}' is {(required.Contains(name) ? "" : "not ")}required in the document, yet a call without it was {(refusedForIt ? "refused" : "accepted")}");
            }
        }

        return mismatches;
    }

    private static async Task<bool> IsRefusedFor(HttpResponseMessage response, string property)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(property, out _);
    }

    private static bool AdmitsNull(JsonElement schema) =>
        (schema.TryGetProperty("type", out var type)
            && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        || (schema.TryGetProperty("oneOf", out var choices) && choices.EnumerateArray().Any(AdmitsNull));

    /// <summary>One call of an operation the Edge accepts: who makes it, where, and its body or its query.</summary>
    private sealed record PreparedCall(HttpClient Client, HttpMethod Method, string Path, JsonObject? Body, IReadOnlyDictionary<string, string>? Query)
    {
        public IEnumerable<string> Inputs => Body?.Select(property => property.Key) ?? Query!.Keys;

        public Task<HttpResponseMessage> SendAsync(string? leftOut)
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Body is not null)
            {
                var body = Body.DeepClone().AsObject();
                body.Remove(leftOut ?? "");
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }
            else
            {
                request.RequestUri = new Uri(Path + "?" + string.Join('&', Query!.Where(q => q.Key != leftOut).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")), UriKind.Relative);
            }

            return Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// A valid call of every route that takes a body or a query, over a demo shop; each call made afresh (new ids), since
    /// most routes are idempotent on an id and would answer a changed body with a conflict. An input left out of a call
    /// here is one the route does without.
    /// </summary>
    private sealed class ValidCalls : IDisposable
    {
        private const double Latitude = 31.2323;
        private const double Longitude = 121.4735;

        private readonly DemoShop _shop;
        private readonly HttpClient _anonymous;
        private readonly HttpClient _ops;
        private readonly HttpClient _member;
        private readonly HttpClient _guide;
        private readonly string _sku;
        private readonly string _forwardTask;
        private readonly MemberIdentity _identity;
        private readonly Dictionary<string, Func<Task<PreparedCall>>> _calls;

        private ValidCalls(EdgeApplication app, DemoShop shop, string sku, string forwardTask, MemberIdentity identity)
        {
            (_shop, _sku, _forwardTask, _identity) = (shop, sku, forwardTask, identity);
            _anonymous = app.CreateClient();
            _ops = app.ClientAs(TestIds.New("ops"), Roles.Ops);
            _member = app.ClientAs(shop.Member, Roles.Member);
            _guide = app.ClientAs(shop.DirectGuide, Roles.Guide);
            _calls = new()
            {
                ["POST /api/dev/token"] = () => Call(_anonymous, HttpMethod.Post, "/api/dev/token", new { userId = TestIds.New("m"), role = Roles.Member }),
                ["PUT /api/regions/{regionId}"] = () => Call(_ops, HttpMethod.Put, $"/api/regions/{TestIds.New("r")}", new { name = "East China" }),
                ["PUT /api/teams/{teamId}"] = () => Call(_ops, HttpMethod.Put, $"/api/teams/{TestIds.New("t")}", new { name = "Team East" }),
                ["PUT /api/stores/{storeId}"] = () => Call(_ops, HttpMethod.Put, $"/api/stores/{TestIds.New("s")}", new
                {
                    name = "Jing'an", regionId = shop.RegionId, latitude = 31.2235, longitude = 121.4453, ownerAccountId = "brand", ownership = "direct",
                }),
                ["PUT /api/stores/{storeId}/catalog/{sku}"] = () => Call(_ops, HttpMethod.Put, $"/api/stores/{shop.DirectStore}/catalog/{_sku}", new { price = 29_900, promotion = "Two for 499" }),
                ["PUT /api/skus/{sku}"] = () => Call(_ops, HttpMethod.Put, $"/api/skus/{TestIds.New("k")}", new { name = "Cleanser 100ml", listPrice = 9_900 }),
                ["PUT /api/stores/{storeId}/stock/{sku}"] = () => Call(_ops, HttpMethod.Put, $"/api/stores/{shop.FranchiseStore}/stock/{_sku}", new { onHand = 10 }),
                ["POST /api/stores/{storeId}/stock/{sku}/adjustments"] = () => Call(_ops, HttpMethod.Post, $"/api/stores/{shop.DirectStore}/stock/{_sku}/adjustments", new
                {
                    adjustmentId = TestIds.New("adj"), delta = 1, reason = "delivery",
                }),
                ["PUT /api/inventory/{regionId}/{sku}/safety-stock"] = () => Call(_ops, HttpMethod.Put, $"/api/inventory/{shop.RegionId}/{_sku}/safety-stock", new { safetyStock = 0 }),
                ["POST /api/inventory/{regionId}/{sku}/reservations"] = () => Call(_member, HttpMethod.Post, $"/api/inventory/{shop.RegionId}/{_sku}/reservations", new
                {
                    reservationId = TestIds.New("res"), quantity = 1, latitude = Latitude, longitude = Longitude, mode = "ship", ttlSeconds = 60,
                }),
                ["POST /api/orders"] = () => Call(_member, HttpMethod.Post, "/api/orders", shop.Order(TestIds.New("o"))),
                ["POST /api/orders/{orderId}/pay"] = async () =>
                {
                    var (orderId, total) = await PlaceOrderAsync();
                    return await Call(_member, HttpMethod.Post, $"/api/orders/{orderId}/pay", new { paymentId = TestIds.New("pay"), amount = total });
                },
                ["POST /api/stores/{storeId}/orders/{orderId}/fulfil"] = async () =>
                {
                    var (orderId, total) = await PlaceOrderAsync();
                    (await _member.PostAsJsonAsync($"/api/orders/{orderId}/pay", new { paymentId = TestIds.New("pay"), amount = total }, TestContext.Current.CancellationToken))
                        .EnsureSuccessStatusCode();
                    return await Call(_ops, HttpMethod.Post, $"/api/stores/{shop.DirectStore}/orders/{orderId}/fulfil", new { });
                },
                ["POST /api/stores/{storeId}/sales"] = () => Call(_ops, HttpMethod.Post, $"/api/stores/{shop.DirectStore}/sales", new
                {
                    saleId = TestIds.New("sale"), guideId = shop.DirectGuide, memberId = shop.Member, amount = 1_000,
                }),
                ["PUT /api/members/{memberId}"] = () => Call(_member, HttpMethod.Put, $"/api/members/{shop.Member}", new { name = "Chen Jing", tags = new[] { "vip" } }),
                ["POST /api/members/{memberId}/guide"] = () => Call(_member, HttpMethod.Post, $"/api/members/{shop.Member}/guide", new { guideId = shop.DirectGuide }),
                ["POST /api/members/{memberId}/browse"] = () => Call(_member, HttpMethod.Post, $"/api/members/{shop.Member}/browse", new { sku = _sku, storeId = shop.DirectStore }),
                ["POST /api/members/{memberId}/coupons"] = () => Call(_ops, HttpMethod.Post, $"/api/members/{shop.Member}/coupons", new
                {
                    couponId = TestIds.New("cpn"), amountOff = 100, minSpend = 1_000, expiresAt = DateTimeOffset.UtcNow.AddDays(1),
                }),
                ["PUT /api/guides/{guideId}"] = () => Call(_ops, HttpMethod.Put, $"/api/guides/{TestIds.New("g")}", new { name = "Zhao Lei", storeId = shop.DirectStore, teamId = "team-a" }),
                ["POST /api/guides/{guideId}/tasks"] = () => Call(_ops, HttpMethod.Post, $"/api/guides/{shop.DirectGuide}/tasks", GuideTask(TestIds.New("task"), "add-customers")),
                ["POST /api/guides/{guideId}/tasks/{taskId}/forwards"] = () => Call(_guide, HttpMethod.Post, $"/api/guides/{shop.DirectGuide}/tasks/{_forwardTask}/forwards", new
                {
                    forwardId = TestIds.New("fwd"),
                }),
                ["POST /api/live-rooms"] = () => Call(_guide, HttpMethod.Post, "/api/live-rooms", new
                {
                    roomId = TestIds.New("room"), guideId = shop.DirectGuide, title = "Serum week", regionId = shop.RegionId, shelf = new[] { _sku },
                }),
                ["POST /api/pk"] = () => Call(_ops, HttpMethod.Post, "/api/pk", new
                {
                    pkId = TestIds.New("pk"),
                    title = "Weekend sales",
                    metric = "sales",
                    participants = new[] { new { id = shop.DirectGuide, kind = "guide", target = 100_000 }, new { id = shop.FranchiseGuide, kind = "guide", target = 100_000 } },
                    startsAt = DateTimeOffset.UtcNow.AddHours(1),
                    endsAt = DateTimeOffset.UtcNow.AddHours(2),
                }),
                ["GET /api/stores/nearest"] = () => Get(_member, "/api/stores/nearest", new()
                {
                    ["regionId"] = shop.RegionId, ["latitude"] = Latitude.ToString(CultureInfo.InvariantCulture), ["longitude"] = Longitude.ToString(CultureInfo.InvariantCulture), ["take"] = "2",
                }),
                ["GET /api/stores/{storeId}/page"] = () => Get(_member, $"/api/stores/{shop.DirectStore}/page", new() { ["after"] = "a", ["take"] = "10", ["q"] = "serum" }),
                ["GET /api/inventory/{regionId}/{sku}/ledger"] = () => Get(_ops, $"/api/inventory/{shop.RegionId}/{_sku}/ledger", new() { ["after"] = "0", ["take"] = "10" }),
                ["GET /api/members/resolve"] = () => Get(_ops, "/api/members/resolve", new() { ["channel"] = _identity.Channel, ["id"] = _identity.Id }),
                ["GET /api/members/{memberId}/orders"] = async () =>
                {
                    var (orderId, _) = await PlaceOrderAsync();
                    return await Get(_member, $"/api/members/{shop.Member}/orders", new()
                    {
                        ["before"] = orderId, ["take"] = "10", ["liveRoomId"] = "live-none", ["status"] = "paid,fulfilled",
                    });
                },
                ["GET /api/accounts/{accountId}/settlement"] = () => Get(_ops, $"/api/accounts/{shop.Dealer}/settlement", new() { ["from"] = "2026-12-01", ["to"] = "2026-12-07" }),
                ["GET /api/accounts/{accountId}/settlement/{date}"] = () => Get(_ops, $"/api/accounts/{shop.Dealer}/settlement/2026-12-07", new() { ["after"] = "o-1", ["take"] = "10" }),
                ["GET /api/stores/{storeId}/fulfilment"] = () => Get(_ops, $"/api/stores/{shop.DirectStore}/fulfilment", new() { ["mode"] = "pickup", ["take"] = "10" }),
                ["GET /api/stores/{storeId}/pickups"] = async () =>
                {
                    var paid = await _member.PlaceAndPayAsync(shop.PickUp(TestIds.New("o"), shop.DirectStore), TestContext.Current.CancellationToken);
                    return await Get(_ops, $"/api/stores/{shop.DirectStore}/pickups", new() { ["code"] = paid.PickupCode! });
                },
                ["GET /api/live-rooms"] = () => Get(_ops, "/api/live-rooms", new()
                {
                    ["status"] = "live", ["take"] = "10", ["guideId"] = shop.DirectGuide, ["regionId"] = shop.RegionId,
                }),
                ["GET /api/guides/{guideId}/customers/page"] = () => Get(_ops, $"/api/guides/{shop.DirectGuide}/customers/page", new() { ["after"] = shop.Member, ["take"] = "10" }),
                ["GET /api/pk"] = () => Get(_ops, "/api/pk", new() { ["status"] = "ended" }),
                ["GET /api/leaderboards/{board}"] = () => Get(_ops, "/api/leaderboards/guide-sales", new() { ["scope"] = "all", ["top"] = "10" }),
                ["GET /api/leaderboards/{board}/rank/{id}"] = () => Get(_ops, $"/api/leaderboards/guide-sales/rank/{shop.DirectGuide}", new() { ["scope"] = "all" }),
            };
        }

        public IEnumerable<string> Operations => _calls.Keys;

        /// <summary>
        /// The demo shop (its orders take a few of its SKU's 40 units), a SKU stocked plentifully at its direct store for
        /// the stock calls, a forward-material task, and an identity of the member's to look them up by.
        /// </summary>
        public static async Task<ValidCalls> CreateAsync(EdgeApplication app, CancellationToken cancellationToken)
        {
            var shop = await DemoShop.CreateAsync(app, cancellationToken);
            var sku = TestIds.New("k");
            var forwardTask = TestIds.New("task");
            using var ops = app.ClientAs(TestIds.New("ops"), Roles.Ops);
            (await ops.PutAsJsonAsync($"/api/skus/{sku}", new { name = "Toner 200ml", listPrice = 12_900 }, cancellationToken)).EnsureSuccessStatusCode();
            (await ops.PutAsJsonAsync($"/api/stores/{shop.DirectStore}/stock/{sku}", new { onHand = 1_000 }, cancellationToken)).EnsureSuccessStatusCode();
            (await ops.PostAsJsonAsync($"/api/guides/{shop.DirectGuide}/tasks", GuideTask(forwardTask, "forward-material"), cancellationToken)).EnsureSuccessStatusCode();
            var identity = new MemberIdentity(IdentityChannel.MiniProgramOpenId, TestIds.New("openid"));
            using var member = app.ClientAs(shop.Member, Roles.Member, identity);
            (await member.PutAsJsonAsync($"/api/members/{shop.Member}", new { name = "Chen Jing", identities = new[] { identity } }, cancellationToken)).EnsureSuccessStatusCode();
            return new ValidCalls(app, shop, sku, forwardTask, identity);
        }

        public Task<PreparedCall> PrepareAsync(string operation) => _calls[operation]();

        public void Dispose()
        {
            foreach (var client in new[] { _anonymous, _ops, _member, _guide })
            {
                client.Dispose();
            }
        }

        private static object GuideTask(string taskId, string kind) => new
        {
            taskId, kind, title = "This week", target = 1_000, coins = 50, dueAt = DateTimeOffset.UtcNow.AddDays(1),
        };

        private static Task<PreparedCall> Call(HttpClient client, HttpMethod method, string path, object body) =>
            Task.FromResult(new PreparedCall(client, method, path, JsonSerializer.SerializeToNode(body)!.AsObject(), Query: null));

        private static Task<PreparedCall> Get(HttpClient client, string path, Dictionary<string, string> query) =>
            Task.FromResult(new PreparedCall(client, HttpMethod.Get, path, Body: null, query));

        private async Task<(string OrderId, long Total)> PlaceOrderAsync()
        {
            var orderId = TestIds.New("o");
            using var placed = await _member.PostAsJsonAsync("/api/orders", _shop.Order(orderId), TestContext.Current.CancellationToken);
            placed.EnsureSuccessStatusCode();
            var order = await placed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            return (orderId, order.GetProperty("total").GetInt64());
        }
    }
}
