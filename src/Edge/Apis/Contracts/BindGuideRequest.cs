namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record BindGuideRequest(string? GuideId);
