namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

/// <param name="Status"><c>healthy</c>, or <c>degraded</c> when the Redis backplane is configured but not connected.</param>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Backplane">The Redis backplane's connection (<see cref="Hubs.RedisBackplane.State"/>); null without Redis.</param>
public sealed record HealthResponse(string Status, string Silo, string? Backplane);
