namespace PrivateDomain.Realtime.LoadTests.Harness;

/// <summary>A stretch of a scenario: ramp-up phases warm the system and are reported but not judged; steady phases carry the figures.</summary>
public sealed record LoadPhase(string Name, TimeSpan Duration, LoadShape Shape, bool IsRampUp = false);
