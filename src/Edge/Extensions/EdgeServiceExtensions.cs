using System.Security.Claims;
using System.Text.Json.Serialization;
using OpenTelemetry.Trace;
using PrivateDomain.Realtime.Edge.Apis;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.CrossOrigin;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Edge.Extensions;

public static class EdgeServiceExtensions
{
    /// <summary>The most an HTTP request's body may hold (256 KiB); more is 413 <c>body-too-large</c>.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddEdgeServices(this WebApplicationBuilder builder)
    {
        var settings = builder.AddRealtimeSettings();
        builder.AddRealtimeTelemetry(settings, tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.EnableAspNetCoreSignalRSupport = false) // a span per hub call; ours pick (HubCallTracing)
            .AddSource(HubCallTracing.SourceName));
        builder.AddOrleans(settings);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Bodies the framework writes itself (401, 403, unknown route) get a code too.
            if (!context.ProblemDetails.Extensions.ContainsKey(Problems.CodeExtension))
            {
                context.ProblemDetails.Extensions[Problems.CodeExtension] = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status401Unauthorized => EdgeErrorCodes.Unauthenticated,
                    StatusCodes.Status403Forbidden => EdgeErrorCodes.Forbidden,
                    StatusCodes.Status404NotFound => EdgeErrorCodes.NotFound,
                    StatusCodes.Status413PayloadTooLarge => EdgeErrorCodes.BodyTooLarge,
                    StatusCodes.Status429TooManyRequests => EdgeErrorCodes.RateLimited,
                    >= StatusCodes.Status500InternalServerError => EdgeErrorCodes.InternalError,
                    _ => EdgeErrorCodes.MalformedRequest,
                };
            }

            // The framework's own refusals carry no detail; say in a sentence what the caller can do about them.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized => "This call needs a valid bearer token (Authorization: Bearer …).",
                StatusCodes.Status403Forbidden =>
                    $"The role '{context.HttpContext.User.FindFirstValue(ClaimNames.Role)}' may not make this call (docs/api.md lists who may).",
                StatusCodes.Status404NotFound => $"There is no {context.HttpContext.Request.Method} {context.HttpContext.Request.Path} (docs/api.md lists the routes).",
                StatusCodes.Status413PayloadTooLarge => $"The request body is over {MaxRequestBodyBytes / 1024} KiB; no call takes that much.",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton<UnavailabilityLog>();

        // Malformed JSON and unbindable parameters throw, so they reach the exception handler and come
        // back as problem details in every environment instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new TimeWithOffsetConverter());
        });

        // The largest body any call takes is a live room's shelf of 200 SKU ids, some 20 KiB; Kestrel's default
        // (about 28 MiB) would let any signed-in client make the Edge read and parse that much per request.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEdgeAuthentication();
        builder.AddEdgeCrossOrigin();
        builder.AddEdgeRateLimits();
        builder.AddEdgeHubs(settings);
        builder.Services.AddOpenApiDocument();
        return builder;
    }

    /// <summary>Embedded: co-host a silo. Client: connect to the cluster the settings describe.</summary>
    private static void AddOrleans(this WebApplicationBuilder builder, RealtimeSettings settings)
    {
        if (settings.Mode == OrleansMode.Embedded)
        {
            builder.UseOrleans(silo => silo
                .UseRealtimeClustering(settings)
                .AddRealtimeGrainServices(settings)
                .AddDemoData(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseRealtimeClustering(settings));
        }
    }
}
