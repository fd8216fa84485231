using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PrivateDomain.Realtime.Edge.Apis;
using PrivateDomain.Realtime.Grains.Interfaces;
using PrivateDomain.Realtime.Grains.Interfaces.Models;
using PrivateDomain.Realtime.TestSupport;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// The OpenAPI document is what client generators read, so it is checked against the running Edge rather than against
/// itself: its routes against the Edge's endpoint table, the roles it names against what the Edge answers a token of
/// another role, and its enums against what the Edge's JSON writes.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class OpenApiDocumentTests(EdgeFixture fixture)
{
    private static readonly string[] AllRoles = [.. Roles.All];

    private readonly EdgeApplication _app = fixture.App;

    [Fact]
    public async Task Document_IsServedWithoutAToken_AndHasEveryRestRouteTheEdgeMaps()
    {
        var operations = (await ReadDocument()).Operations.Keys.ToHashSet();
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<HubMetadata>() is null)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (
                Route: $"{method} /{endpoint.RoutePattern.RawText!.Trim('/')}",
                Left: endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)))
            .ToList();
        var mapped = routes.Where(r => !r.Left).Select(r => r.Route).ToHashSet();

        // Only what is no REST call is left out: the browser pages and the document itself.
        Assert.Equal(["GET /franchisee", "GET /guide", "GET /live", "GET /openapi/{documentName}.json", "GET /ops", "GET /stock", "GET /store"], routes.Where(r => r.Left).Select(r => r.Route).Order(StringComparer.Ordinal));
        Assert.Empty(mapped.Except(operations).Order());
        Assert.Empty(operations.Except(mapped).Order());
    }

    [Fact]
    public async Task Document_ReadsBackWithoutErrors_AndPassesTheOpenApiRules()
    {
        // What client generators do first: read it with an OpenAPI reader (Microsoft.OpenApi's) and check it.
        var read = OpenApiDocument.Parse((await ReadDocument()).Root.GetRawText(), "json");

        Assert.Empty(read.Diagnostic!.Errors.Select(error => error.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Empty(read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(error => error.ToString()));
    }

    [Fact]
    public async Task EveryOperation_HasAnIdOfItsOwn_ThatNamesWhatItDoes_AndTheServerAddressEndsWithoutASlash()
    {
        // Client generators name their methods after operation ids; without them they make names of paths.
        var document = await ReadDocument();
        var ids = document.Operations.ToDictionary(operation => operation.Key, operation => operation.Value.TryGetProperty("operationId", out var id) ? id.GetString() : null);

        Assert.Empty(ids.Where(id => id.Value is null || !Regex.IsMatch(id.Value, "^[A-Z][A-Za-z]+$")).Select(id => id.Key));
        Assert.Empty(ids.GroupBy(id => id.Value).Where(same => same.Count() > 1).Select(same => same.Key));
        Assert.Equal("ReserveStock", ids["POST /api/inventory/{regionId}/{sku}/reservations"]);
        Assert.Equal("PayOrder", ids["POST /api/orders/{orderId}/pay"]);
        Assert.Equal("GetLeaderboardRank", ids["GET /api/leaderboards/{board}/rank/{id}"]);
        Assert.All(document.Root.GetProperty("servers").EnumerateArray(), server => Assert.DoesNotMatch("/$", server.GetProperty("url").GetString()!));
    }

    [Fact]
    public async Task EveryRouteTheDocumentSaysNeedsAToken_RefusesCallsWithout_AndOthersDoNot()
    {
        var document = await ReadDocument();
        using var anonymous = _app.CreateClient();
        foreach (var (operation, description) in document.Operations)
        {
            using var response = await Call(anonymous, operation);
            var needsToken = description.TryGetProperty("security", out _);

            Assert.True(needsToken == (response.StatusCode == HttpStatusCode.Unauthorized),
                $"{operation}: the document says {(needsToken ? "" : "no ")}token is needed; without one the Edge answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheRolesTheDocumentNames_AreTheRolesTheRouteAdmits()
    {
        var document = await ReadDocument();
        var checkedRoutes = 0;
        foreach (var (operation, description) in document.Operations)
        {
            var admitted = Admitted(description);
            if (admitted is null || admitted.Count == 0)
            {
                continue;
            }

            checkedRoutes++;
            foreach (var role in AllRoles)
            {
                using var client = _app.ClientAs(TestIds.New(role), role);
                using var response = await Call(client, operation);

                // The handler may refuse a made-up id or body, or someone else's order, but not the role itself.
                Assert.True(admitted.Contains(role) != await IsRefusedForItsRole(response, role),
                    $"{operation}: the document {(admitted.Contains(role) ? "admits" : "refuses")} a {role}; the Edge answered {(int)response.StatusCode}");
            }
        }

        // Most routes are for one role or two: a document that named none would pass the loop above trivially.
        Assert.True(checkedRoutes >= 30, $"only {checkedRoutes} routes name their roles");
    }

    [Fact]
    public async Task EveryOperation_DescribesItsRefusals_AsProblemDetailsWithACode()
    {
        var document = await ReadDocument();
        var problem = document.Schema("ProblemDetails");

        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", problem.GetProperty("properties").GetProperty("code").GetProperty("type").GetString());
        Assert.All(document.Operations, operation =>
        {
            var refused = operation.Value.GetProperty("responses").GetProperty("default").GetProperty("content").GetProperty("application/problem+json");
            Assert.Equal("#/components/schemas/ProblemDetails", refused.GetProperty("schema").GetProperty("$ref").GetString());
        });
    }

    [Fact]
    public async Task EveryEnum_ListsTheNamesTheEdgeWrites()
    {
        var document = await ReadDocument();
        var json = _app.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var enums = typeof(OrderStatus).Assembly.GetTypes().Where(type => type.IsEnum && type.IsPublic).ToDictionary(type => type.Name);
        var described = document.Schemas.EnumerateObject().Where(schema => schema.Value.TryGetProperty("enum", out _)).ToList();

        Assert.Contains(described, schema => schema.Name == nameof(FulfilmentMode));
        Assert.All(described, schema =>
        {
            var written = Enum.GetValues(enums[schema.Name]).Cast<object>().Select(value => JsonSerializer.Serialize(value, enums[schema.Name], json).Trim('"'));
            Assert.Equal("string", schema.Value.GetProperty("type").GetString());
            Assert.Equal(written.Order(), schema.Value.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
        });
    }

    [Fact]
    public async Task Times_AreStrings_AndNullableOnesSaySo()
    {
        var order = (await ReadDocument()).Schema("Order").GetProperty("properties");

        Assert.Equal("string", order.GetProperty("expiresAt").GetProperty("type").GetString());
        Assert.Equal(["null", "string"], order.GetProperty("fulfilledAt").GetProperty("type").EnumerateArray().Select(e => e.GetString()).Order());
    }

    /// <summary>Calls an operation with made-up route values and an empty body: authorization answers before any handler reads them.</summary>
    private static Task<HttpResponseMessage> Call(HttpClient client, string operation)
    {
        var (method, path) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
        var request = new HttpRequestMessage(new HttpMethod(method), Regex.Replace(path, "{[^}]+}", "x"));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Refused by the route's policy: the Edge's answer for that names the role (a handler's own refusals say why else).</summary>
    private static async Task<bool> IsRefusedForItsRole(HttpResponseMessage response, string role)
    {
        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return problem.GetProperty("detail").GetString()!.StartsWith($"The role '{role}' may not", StringComparison.Ordinal);
    }

    /// <summary>The roles the operation's bearer requirement names; null when it needs no token.</summary>
    private static List<string>? Admitted(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().Single().GetProperty(OpenApiDocumentApi.BearerScheme).EnumerateArray().Select(e => e.GetString()!)]
            : null;

    private Task<ServedOpenApiDocument> ReadDocument() => ServedOpenApiDocument.ReadAsync(_app);
}
