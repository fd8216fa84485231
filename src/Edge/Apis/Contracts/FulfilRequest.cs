namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record FulfilRequest(string? PickupCode = null);
