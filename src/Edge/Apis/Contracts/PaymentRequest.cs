namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record PaymentRequest(string? PaymentId, long? Amount);
