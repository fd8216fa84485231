namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record InStoreSaleRequest(string? SaleId, string? GuideId, long? Amount, string? MemberId = null);
