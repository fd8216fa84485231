namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record RegionRequest(string? Name);
