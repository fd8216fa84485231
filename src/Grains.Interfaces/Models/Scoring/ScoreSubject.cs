namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

/// <summary>What a leaderboard entry is.</summary>
[GenerateSerializer, Alias("pd.ScoreSubject")]
public enum ScoreSubject
{
    Guide = 0,
    Store = 1,
    Room = 2,
}
