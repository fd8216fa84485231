namespace PrivateDomain.Realtime.Grains.Scoring;

/// <summary>What one event scored in a PK: its points for one participant, under the event's id.</summary>
public sealed record PkPoint(string EventId, string ParticipantId, long Points);
