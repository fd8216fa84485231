using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Edge.Apis.Contracts;

public sealed record PkRequest(string? PkId, string? Title, PkMetric? Metric, PkParticipant[]? Participants, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);
