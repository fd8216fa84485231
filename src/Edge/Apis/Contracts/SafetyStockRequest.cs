namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record SafetyStockRequest(long? SafetyStock);
