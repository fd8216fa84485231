using System.Net;
using System.Text.Json;
using PrivateDomain.Realtime.Edge.Apis;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>The OpenAPI document as the Edge serves it to anyone, with the look-ups the document tests share.</summary>
internal sealed record ServedOpenApiDocument(JsonElement Root)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static async Task<ServedOpenApiDocument> ReadAsync(EdgeApplication app)
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync($"/openapi/{OpenApiDocumentApi.DocumentName}.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return new ServedOpenApiDocument(document.RootElement.Clone());
    }

    /// <summary>Each operation, keyed like <c>POST /api/orders</c>.</summary>
    public Dictionary<string, JsonElement> Operations => Root.GetProperty("paths").EnumerateObject()
        .SelectMany(path => path.Value.EnumerateObject()
            .Where(operation => Methods.Contains(operation.Name))
            .Select(operation => (Key: $"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)))
        .ToDictionary(operation => operation.Key, operation => operation.Value);

    public JsonElement Schemas => Root.GetProperty("components").GetProperty("schemas");

    public JsonElement Schema(string name) => Schemas.GetProperty(name);

    /// <summary>The schema of the operation's JSON body, its reference followed; null for an operation without one.</summary>
    public JsonElement? JsonBodySchema(JsonElement operation)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            return null;
        }

        // A body that may be left out is "one of null or the body".
        var schema = json.GetProperty("schema");
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            schema = choices.EnumerateArray().Single(choice => choice.TryGetProperty("$ref", out _));
        }

        return schema.TryGetProperty("$ref", out var reference) ? Schema(reference.GetString()!["#/components/schemas/".Length..]) : schema;
    }
}
