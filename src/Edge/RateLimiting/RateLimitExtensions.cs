using System.Threading.RateLimiting;
using PrivateDomain.Realtime.Edge.Errors;

namespace PrivateDomain.Realtime.Edge.RateLimiting;

public static class RateLimitExtensions
{
    /// <summary>The API policy (<see cref="PerUserRateLimitPolicy"/>).</summary>
    public const string PerUserPolicy = "per-user";

    public static WebApplicationBuilder AddEdgeRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, PerUserRateLimitPolicy>(PerUserPolicy);
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Problems.Problem(StatusCodes.Status429TooManyRequests, EdgeErrorCodes.RateLimited, "Too many requests; slow down and retry.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }
}
