namespace PrivateDomain.Realtime.Grains.Interfaces.Models.Scoring;

[GenerateSerializer, Alias("pd.ScoreEventKind")]
public enum ScoreEventKind
{
    PaidOrder = 0,
    NewMember = 1,
}
