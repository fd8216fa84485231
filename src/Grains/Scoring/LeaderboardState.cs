using PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

namespace PrivateDomain.Realtime.Grains.Scoring;

[GenerateSerializer, Alias("pd.LeaderboardState")]
public sealed class LeaderboardState
{
    /// <summary>The local day the figures are for; the first fact of a new day starts afresh.</summary>
    [Id(0)]
    public DateOnly Day { get; set; }

    /// <summary>Each guide's, store's and room's figures for the day, by <see cref="ScoreFact.Key"/>.</summary>
    [Id(1)]
    public Dictionary<string, ScoreFact> Facts { get; set; } = [];

    public LeaderboardState Copy() => new() { Day = Day, Facts = new Dictionary<string, ScoreFact>(Facts) };
}
