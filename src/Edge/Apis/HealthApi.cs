using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Errors;
using PrivateDomain.Realtime.Edge.Hubs;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Edge.Apis;

public static class HealthApi
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).WithTags("Health").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// 200 when a silo answers a grain call within two seconds, 503 otherwise. A Redis backplane that is not connected
    /// makes it <c>degraded</c>, still 200: everything works on this Edge (user pushes go Edge by Edge meanwhile), so
    /// taking it out of a load balancer would only make things worse.
    /// </summary>
    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> GetHealth(IGrainFactory grains, RedisBackplane backplane, CancellationToken cancellationToken)
    {
        try
        {
            var silo = await grains.GetGrain<IHealthGrain>(0).Ping().WaitAsync(ProbeTimeout, cancellationToken);
            return TypedResults.Ok(new HealthResponse(backplane.Down ? "degraded" : "healthy", silo, backplane.State));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, EdgeErrorCodes.Unavailable, "No silo answered: " + ex.Message);
        }
    }
}
