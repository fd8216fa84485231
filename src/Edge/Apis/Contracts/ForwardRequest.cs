namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record ForwardRequest(string? ForwardId);
