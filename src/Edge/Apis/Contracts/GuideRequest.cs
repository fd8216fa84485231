namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record GuideRequest(string? Name, string? StoreId, string? TeamId);
