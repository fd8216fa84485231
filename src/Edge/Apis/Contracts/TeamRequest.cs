namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record TeamRequest(string? Name);
