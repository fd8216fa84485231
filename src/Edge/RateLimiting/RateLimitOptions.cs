using System.ComponentModel.DataAnnotations;

namespace PrivateDomain.Realtime.Edge.RateLimiting;

/// <summary>Per-user limits (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 100_000, ErrorMessage = "RateLimits:ApiRequestsPerSecondPerUser must be between 1 and 100000.")]
    public int ApiRequestsPerSecondPerUser { get; set; } = 200;

    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ApiBurstPerUser must be between 1 and 1000000.")]
    public int ApiBurstPerUser { get; set; } = 400;
}
