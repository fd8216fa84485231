namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record SkuRequest(string? Name, long? ListPrice);
