namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record InStoreSaleRequest(string? SaleId, string? GuideId, string? MemberId, long? Amount);
