namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record HealthResponse(string Status, string Silo);
