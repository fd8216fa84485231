namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record AdjustmentRequest(string? AdjustmentId, long? Delta, string? Reason);
