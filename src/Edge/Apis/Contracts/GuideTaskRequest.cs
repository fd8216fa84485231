using PrivateDomain.Realtime.Grains.Interfaces.Models;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record GuideTaskRequest(string? TaskId, GuideTaskKind? Kind, string? Title, int? Target, long? Coins, DateTimeOffset? DueAt);
