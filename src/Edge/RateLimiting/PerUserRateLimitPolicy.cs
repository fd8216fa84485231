using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PrivateDomain.Realtime.Edge.Auth;

namespace PrivateDomain.Realtime.Edge.RateLimiting;

/// <summary>
/// The API's limit: a token bucket per user. The limiter runs after authorization, and every group with this policy
/// requires sign-in, so today each request is a user's; a route that admitted anonymous callers would be limited per
/// remote address rather than not at all.
/// </summary>
/// <remarks>
/// The buckets do not replenish themselves: a self-replenishing bucket owns a timer, one per user seen in the last
/// 10 s, each firing every second. The partitioned limiter already visits every bucket every 100 ms (to drop idle ones)
/// and refills those not replenishing themselves, so a second's tokens arrive within 100 ms of it.
/// </remarks>
public sealed class PerUserRateLimitPolicy : IRateLimiterPolicy<string>
{
    // Every user's bucket has the same options: one instance and one delegate, rather than a closure per request.
    private readonly Func<string, TokenBucketRateLimiterOptions> _bucket;

    public PerUserRateLimitPolicy(IOptions<RateLimitOptions> options)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.ApiBurstPerUser,
            TokensPerPeriod = options.Value.ApiRequestsPerSecondPerUser,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        _bucket = _ => bucket;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the limiter's own, for every policy

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetTokenBucketLimiter(
            httpContext.User.Identity?.IsAuthenticated == true ? "user:" + httpContext.User.UserKey() : "ip:" + httpContext.Connection.RemoteIpAddress,
            _bucket);
}
