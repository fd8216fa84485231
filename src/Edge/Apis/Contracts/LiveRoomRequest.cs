namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record LiveRoomRequest(string? RoomId, string? GuideId, string? Title, string? RegionId, string[]? Shelf = null);
