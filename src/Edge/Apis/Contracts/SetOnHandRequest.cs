namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record SetOnHandRequest(long? OnHand);
