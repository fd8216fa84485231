using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis;

/// <summary>
/// The REST routes as an OpenAPI 3.1 document at <c>/openapi/v1.json</c>, so client teams can generate typed clients
/// and check a call against the contract without reading the code. It is derived from the routes themselves (their
/// typed results, bodies and route values), so it cannot drift from what the Edge serves; what the routes cannot say
/// is added here: that calls carry a bearer token and which roles a route admits, and that any call may fail with
/// problem details whose <c>code</c> says why. The hubs are not REST and are described in <c>docs/api.md</c> only.
/// <para>
/// What a call must carry is said where the route is written. A body property is required unless its record parameter
/// has a default (<c>= null</c>); a query parameter is required when it carries <c>[Required]</c>. Only this document
/// reads those attributes (minimal APIs here validate none): the handlers' own checks refuse what is missing, with
/// problem details naming it, and <c>OpenApiRequiredInputsTests</c> holds the two to each other.
/// </para>
/// </summary>
public static class OpenApiDocumentApi
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";
    private const string ProblemSchema = "ProblemDetails";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PrivateDomain.Realtime Edge",
                    Version = DocumentName,
                    Description = "Stores, regional stock, orders, members, guides, live rooms, PKs and leaderboards. Money is in fen, "
                        + "times are ISO-8601 UTC, errors are RFC 7807 problem details with a stable `code`. Every POST that moves "
                        + "money or stock takes a client-chosen id and is idempotent on it. The SignalR hubs are described in docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT whose `role` claim is member, guide or ops (in development: POST /api/dev/token).",
                };
                // The server is the address the document was asked at; without its trailing '/', a client joining it
                // with a route's path ('/api/...') does not ask for '//api/...'.
                foreach (var server in document.Servers ?? [])
                {
                    server.Url = server.Url?.TrimEnd('/');
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(RefuseNullWhereRequired);
            options.AddSchemaTransformer(DescribeValues);
            options.AddOperationTransformer(NameOperation);
            options.AddOperationTransformer(DescribeAccess);
            options.AddOperationTransformer(DescribeErrors);
        });

    /// <summary>Serves the document; anyone may read it, as anyone may read docs/api.md.</summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// What the generator cannot see through our JSON converters: times (<see cref="TimeWithOffsetConverter"/>) and enums
    /// (<see cref="JsonNamedEnumConverter{TEnum}"/>) are strings; and the <c>code</c> every problem carries.
    /// </summary>
    private static Task DescribeValues(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(type) is not null;
        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (valueType == typeof(DateTimeOffset))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Description ??= "An instant, ISO-8601 with its offset ('Z' or '+08:00'); a time without one is refused.";
        }
        else if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (typeof(ProblemDetails).IsAssignableFrom(type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties[Problems.CodeExtension] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Why the call was refused, stable for clients to branch on (docs/api.md lists every code).",
            };
            schema.Required ??= new HashSet<string>();
            schema.Required.Add(Problems.CodeExtension);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A required body property does not admit null. The request records take every property as nullable only so that
    /// one left out is refused with problem details rather than a JSON error; the Edge refuses null as it refuses missing.
    /// </summary>
    private static Task RefuseNullWhereRequired(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var bodies = document.Paths.Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .Select(operation => operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json) ? Body(json.Schema) : null)
            .OfType<OpenApiSchema>()
            .Distinct();
        foreach (var body in bodies)
        {
            foreach (var name in body.Required ?? new HashSet<string>())
            {
                body.Properties![name] = WithoutNull(body.Properties[name]);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The schema of a body, its reference followed; a body that may be left out is one of null or the body.</summary>
    private static IOpenApiSchema? Body(IOpenApiSchema? schema) => schema switch
    {
        OpenApiSchemaReference reference => reference.Target,
        OpenApiSchema { OneOf: { } choices } => OnlyNonNull(choices) is { } only ? Body(only) : null,
        _ => schema,
    };

    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        switch (schema)
        {
            case OpenApiSchema { OneOf: { } choices } when OnlyNonNull(choices) is { } only:
                return only;
            case OpenApiSchema { Type: { } type } value:
                value.Type = type & ~JsonSchemaType.Null;
                return value;
            default:
                return schema;
        }
    }

    /// <summary>What a "null or X" choice allows besides null: X; null when the choice is between several schemas.</summary>
    private static IOpenApiSchema? OnlyNonNull(IList<IOpenApiSchema> choices) =>
        choices.Where(choice => !IsNull(choice)).ToList() is [var only] ? only : null;

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    /// <summary>
    /// An operation's id is its handler's name (<c>ReserveStock</c>, <c>PayOrder</c>), which client generators make the
    /// method's name; handlers are named for what they do across the whole API, so no two share one.
    /// </summary>
    private static Task NameOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.OperationId ??= context.Description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()?.Name;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A route that needs a token says so, with the roles it admits (OpenAPI 3.1 lets a bearer requirement name roles):
    /// the roles every one of its policies allows. Finer rules — a member's own order, a store's own guide — are the
    /// handlers' and are in docs/api.md.
    /// </summary>
    private static async Task DescribeAccess(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorizeData = metadata.OfType<IAuthorizeData>().ToList();
        if (authorizeData.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var policies = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var policy = await AuthorizationPolicy.CombineAsync(policies, authorizeData);
        var roles = policy?.Requirements.OfType<RolesAuthorizationRequirement>()
            .Select(requirement => requirement.AllowedRoles)
            .Aggregate((IEnumerable<string>?)null, (admitted, allowed) => admitted?.Intersect(allowed) ?? allowed)
            ?.Order(StringComparer.Ordinal)
            .ToList() ?? [];

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = roles });
    }

    /// <summary>
    /// Errors come from the grains as well as from the route (stock that is short, an order in the wrong state), so a
    /// route's own typed results do not list them all: every operation gets a <c>default</c> response of problem details.
    /// </summary>
    private static async Task DescribeErrors(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Document is not { } document)
        {
            return;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemSchema))
        {
            document.Components.Schemas[ProblemSchema] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("default", new OpenApiResponse
        {
            Description = "Refused: problem details whose `code` says why (docs/api.md lists the codes); nothing was changed.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        });
    }
}
