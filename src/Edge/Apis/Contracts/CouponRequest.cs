namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record CouponRequest(string? CouponId, long? AmountOff, long? MinSpend, DateTimeOffset? ExpiresAt);
