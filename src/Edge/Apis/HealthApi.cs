using Microsoft.AspNetCore.Http.HttpResults;
using PrivateDomain.Realtime.Edge.Apis.Contracts;
using PrivateDomain.Realtime.Edge.Errors;
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

    /// <summary>200 when a silo answers a grain call within two seconds, 503 otherwise.</summary>
    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> GetHealth(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            var silo = await grains.GetGrain<IHealthGrain>(0).Ping().WaitAsync(ProbeTimeout, cancellationToken);
            return TypedResults.Ok(new HealthResponse("healthy", silo));
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, EdgeErrorCodes.Unavailable, "No silo answered: " + ex.Message);
        }
    }
}
