namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record TokenResponse(string Token);
