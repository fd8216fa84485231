namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record CatalogEntryRequest(long? Price, string? Promotion = null);
