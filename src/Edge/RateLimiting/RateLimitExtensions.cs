using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Edge.Errors;

namespace PrivateDomain.Realtime.Edge.RateLimiting;

public static class RateLimitExtensions
{
    /// <summary>
    /// The API policy: a token bucket per user. The limiter runs after authorization, and every group with this policy
    /// requires sign-in, so today each request is a user's; a route that admitted anonymous callers would be limited per
    /// remote address rather than not at all.
    /// </summary>
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
            limiter.AddPolicy(PerUserPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var partition = http.User.Identity?.IsAuthenticated == true
                    ? "user:" + http.User.UserId()
                    : "ip:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.ApiBurstPerUser,
                    TokensPerPeriod = limits.ApiRequestsPerSecondPerUser,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
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
