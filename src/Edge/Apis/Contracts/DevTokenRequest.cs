namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record DevTokenRequest(string? UserId, string? Role);
