namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record BrowseRequest(string? Sku, string? StoreId);
