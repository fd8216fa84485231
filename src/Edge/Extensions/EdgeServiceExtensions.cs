using System.Security.Claims;
using System.Text.Json.Serialization;
using OpenTelemetry.Trace;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Edge.RateLimiting;
using PrivateDomain.Realtime.Silo.Extensions;

namespace PrivateDomain.Realtime.Edge.Extensions;

public static class EdgeServiceExtensions
{
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
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddSingleton<UnavailabilityLog>();

        // Malformed JSON and unbindable parameters throw, so they reach the exception handler and come
        // back as problem details in every environment instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddEdgeAuthentication();
        builder.AddEdgeRateLimits();
        builder.AddEdgeHubs(settings);
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
